/* Follows a long calculation without refreshing the page (RGAA 13.1): every 3 seconds, the
   region #avancement (aria-live="polite") is replaced by the server's fragment; it stops when the
   fragment no longer says the calculation runs. Without JavaScript, the page has a link to
   refresh it by hand. */
(function () {
  "use strict";
  var zone = document.getElementById("avancement");
  if (!zone || !window.fetch) return;
  var source = zone.getAttribute("data-source");
  function suivre() {
    fetch(source, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        zone.innerHTML = html;
        if (zone.querySelector("[data-en-cours]")) window.setTimeout(suivre, 3000);
      })
      .catch(function () { window.setTimeout(suivre, 10000); });
  }
  window.setTimeout(suivre, 3000);
})();
