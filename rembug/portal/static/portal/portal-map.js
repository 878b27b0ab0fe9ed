/* The portal's area map: kelurahan boundaries and the proposals that have a point, coloured by what became of
   them. Read-only and optional: the list on the page holds the same proposals. No inline code (CSP); popups are
   built from text nodes, never from HTML strings. */
(function () {
  "use strict";
  var el = document.querySelector("[data-portal-map]");
  if (!el || typeof L === "undefined") { return; }
  var COLOURS = { accommodated: "#0b5d3b", refused: "#a3360f", open: "#505a66" };
  var map = L.map(el, { scrollWheelZoom: false, keyboard: false, preferCanvas: true });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
  }
  map.setView([-7.97, 112.63], 12);
  var bounds = null;
  function extend(layerBounds) {
    if (!layerBounds || !layerBounds.isValid()) { return; }
    bounds = bounds ? bounds.extend(layerBounds) : L.latLngBounds(layerBounds.getSouthWest(), layerBounds.getNorthEast());
    map.fitBounds(bounds, { maxZoom: 17 });
  }
  function popup(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.title;
    var meta = document.createElement("div");
    meta.textContent = props.number + " · " + props.year + " · " + props.status;
    box.appendChild(link);
    box.appendChild(meta);
    return box;
  }
  function load(url) {
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .catch(function () { return null; });
  }
  load(el.dataset.boundariesUrl).then(function (collection) {
    el.setAttribute("data-boundaries-loaded", collection ? collection.features.length : "0");
    if (!collection || !collection.features.length) { return; }
    var layer = L.geoJSON(collection, {
      style: { color: "#0b5d3b", weight: 1.5, fillOpacity: 0.04 },
      onEachFeature: function (feature, shape) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.name;
        shape.bindPopup(link);
      }
    }).addTo(map);
    extend(layer.getBounds());
  });
  load(el.dataset.pointsUrl).then(function (collection) {
    el.setAttribute("data-points-loaded", collection ? collection.features.length : "0");
    if (!collection || !collection.features.length) { return; }
    var layer = L.geoJSON(collection, {
      pointToLayer: function (feature, latlng) {
        var colour = COLOURS[feature.properties.group] || COLOURS.open;
        return L.circleMarker(latlng, { radius: 7, color: "#ffffff", weight: 1.5, fillColor: colour, fillOpacity: 0.9 });
      },
      onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
    }).addTo(map);
    extend(layer.getBounds());
  });
}());
