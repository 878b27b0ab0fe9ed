/* Colour the city's kelurahan by need or gap on a Leaflet map. The colour classes are read from the HTML legend
   ([data-legend] items with data-low/data-high/data-color), so the legend and the map never disagree.
   Fill colours go through Leaflet's style option (SVG attributes), never inline style (CSP). */
(function () {
  "use strict";
  var el = document.querySelector("[data-choropleth]");
  if (!el || typeof L === "undefined") { return; }
  var measure = el.dataset.measure === "need" ? "need" : "gap";
  var classes = [], noneColor = "#d0d4d8";
  document.querySelectorAll("[data-legend] li").forEach(function (li) {
    if (li.hasAttribute("data-none")) { noneColor = li.dataset.color; return; }
    classes.push({ low: parseFloat(li.dataset.low), high: parseFloat(li.dataset.high), color: li.dataset.color });
  });
  function colorOf(value) {
    if (value === null || value === undefined || isNaN(value)) { return noneColor; }
    for (var i = 0; i < classes.length; i += 1) {
      var last = i === classes.length - 1;
      if (value >= classes[i].low && (value < classes[i].high || (last && value <= classes[i].high))) {
        return classes[i].color;
      }
    }
    return value < classes[0].low ? classes[0].color : classes[classes.length - 1].color;
  }
  function text(value) { return value === null || value === undefined ? el.dataset.labelNone : value.toFixed(2); }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }
  var map = window.rembugMap(el);
  fetch(el.dataset.geojsonUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (collection) {
      if (!collection || !collection.features.length) { map.setView([-7.97, 112.63], 12); return; }
      var layer = L.geoJSON(collection, {
        style: function (feature) {
          return { color: "#37404a", weight: 1, fillOpacity: 0.75, fillColor: colorOf(feature.properties[measure]) };
        },
        onEachFeature: function (feature, shape) {
          var p = feature.properties;
          var url = el.dataset.areaUrl.replace("KODE", encodeURIComponent(p.code));
          var html = "<strong><a href=\"" + url + "\">" + escapeHtml(p.name) + "</a></strong><br>" +
            escapeHtml(el.dataset.labelNeed) + ": " + text(p.need) + "<br>" +
            escapeHtml(el.dataset.labelGap) + ": " + text(p.gap);
          if (p.gap_field_label) { html += "<br>" + escapeHtml(el.dataset.labelField) + ": " + escapeHtml(p.gap_field_label); }
          shape.bindPopup(html);
          shape.bindTooltip(escapeHtml(p.name));
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds());
    })
    .catch(function () { map.setView([-7.97, 112.63], 12); });
}());
