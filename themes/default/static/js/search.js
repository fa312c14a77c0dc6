// The site search on /cerca/: Pagefind's UI in Italian, started with the query in ?q= if any.
// A file rather than an inline script, so that the site's Content-Security-Policy
// can forbid inline scripts (cms/security/csp.py). Its options (the Italian texts, the
// filters open on wide screens, the bundles to merge) come from the page, in the JSON of
// #ricerca-opzioni.
window.addEventListener("DOMContentLoaded", function () {
  var options = JSON.parse(document.getElementById("ricerca-opzioni").textContent);
  // On a phone the filters stay folded, so that the results come first.
  var wide = window.matchMedia("(min-width: 40rem)").matches;
  // A large site's sections have search bundles of their own, searched together.
  var merged = options.merge.map(function (url) { return {bundlePath: url}; });
  var ui = new PagefindUI({element: "#ricerca", showSubResults: true, showImages: false,
                           baseUrl: "/", resetStyles: false, translations: options.translations,
                           openFilters: wide ? options.open_filters : [],
                           mergeIndex: merged});
  var root = document.getElementById("ricerca");
  var input = root.querySelector("input");
  input.id = "ricerca-testo";
  var label = document.createElement("label");
  label.className = "site-search__label";
  label.htmlFor = input.id;
  label.textContent = options.label;
  root.parentNode.insertBefore(label, root);
  // The count Pagefind writes is not announced: copy it, once it settles, into the status.
  var status = document.getElementById("ricerca-stato"), timer = null;
  new MutationObserver(function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var message = root.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent.trim() : "";
      if (status.textContent !== text) { status.textContent = text; }
    }, 500);
  }).observe(root, {childList: true, subtree: true, characterData: true});
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
});
