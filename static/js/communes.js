/* Commune autocomplete: a <datalist> filled from /api/v1/communes as the user types, for every
   input marked data-communes. Choosing a suggestion puts "Name (postcode)" in the field, which
   the server reads exactly. Without JavaScript the field still works: the server resolves the
   text and offers a list to choose from when several communes match. */
(function () {
  "use strict";
  if (!window.fetch) return;
  var champs = document.querySelectorAll("input[data-communes]");
  Array.prototype.forEach.call(champs, function (champ, rang) {
    var liste = document.createElement("datalist");
    liste.id = "suggestions-communes-" + rang;
    champ.parentNode.appendChild(liste);
    champ.setAttribute("list", liste.id);
    var minuterie = null;
    var derniere = "";
    champ.addEventListener("input", function () {
      var texte = champ.value.trim();
      if (texte.length < 2 || texte === derniere || /\(\d{5}\)/.test(texte)) return;
      window.clearTimeout(minuterie);
      minuterie = window.setTimeout(function () {
        derniere = texte;
        var adresse = "/api/v1/communes?limite=8&q=" + encodeURIComponent(texte);
        fetch(adresse, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (communes) {
            liste.textContent = "";
            communes.forEach(function (c) {
              var option = document.createElement("option");
              option.value = c.nom + " (" + (c.codes_postaux[0] || c.departement) + ")";
              option.label = (c.nom_departement || "Département " + c.departement);
              liste.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
