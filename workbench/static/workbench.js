// preaudit 审核工作台: click a crop to see it large, click again (or Esc) to close; hovering a
// document's field row (or its box) highlights the box on the page preview (and the row). No other script.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("section.document").forEach(function (section) {
    var marked = section.querySelectorAll("[data-field]");
    function mark(name, on) {
      marked.forEach(function (el) {
        if (el.getAttribute("data-field") === name) { el.classList.toggle("hl", on); }
      });
    }
    marked.forEach(function (el) {
      var name = el.getAttribute("data-field");
      el.addEventListener("mouseenter", function () { mark(name, true); });
      el.addEventListener("mouseleave", function () { mark(name, false); });
    });
  });
  var zoom = document.getElementById("zoom");
  if (!zoom) { return; }
  var big = zoom.querySelector("img");
  document.querySelectorAll("img.crop, img.page").forEach(function (img) {
    img.addEventListener("click", function () { big.src = img.src; zoom.hidden = false; });
  });
  zoom.addEventListener("click", function () { zoom.hidden = true; big.removeAttribute("src"); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { zoom.hidden = true; } });
});
