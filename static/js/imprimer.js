/* Print buttons (data-imprimer): hidden without JavaScript (the page says how to print from the
   browser's menu), shown and wired here. No inline handler: allowed by a strict CSP. */
(function () {
  "use strict";
  var boutons = document.querySelectorAll("[data-imprimer]");
  for (var i = 0; i < boutons.length; i++) {
    boutons[i].hidden = false;
    boutons[i].addEventListener("click", function () { window.print(); });
  }
})();
