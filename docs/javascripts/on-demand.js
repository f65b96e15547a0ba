// Only what the reader uses, on a phone over a slow network. Runs before Material's bundle.
(() => {
  // The search index when search is opened. Material requests `search/search_index.json` (hundreds
  // of KB per language, parsed on the main thread) as soon as any page loads; this holds that one
  // request back until the search box gets focus, the search icon is touched, or the address
  // carries a search (`?q=`, `?h=`). Material shows "Initializing search" until it arrives.
  const { open, send } = XMLHttpRequest.prototype;
  const held = [];
  let wanted = /[?&][qh]=/.test(location.search);
  const want = () => {
    wanted = true;
    held.splice(0).forEach((request) => request());
  };
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = /\/search\/search_index\.json$/.test(new URL(url, location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function (...body) {
    if (!this.searchIndex || wanted) return send.apply(this, body);
    held.push(() => send.apply(this, body));
  };
  addEventListener("focusin", (event) => event.target.matches?.("[data-md-component=search-query]") && want());
  addEventListener("pointerdown", (event) => event.target.closest?.("[for=__search]") && want());

  // Tooltips where a pointer can hover. Material mounts one tooltip per `[title]` element at start-up
  // (a module page has hundreds, from the glossary's term links); on a touch screen none can show.
  // The links keep their `title`, which assistive technology reads.
  const config = document.getElementById("__config");
  if (config && matchMedia("(hover: none)").matches) {
    const settings = JSON.parse(config.textContent);
    settings.features = settings.features.filter((feature) => feature !== "content.tooltips");
    config.textContent = JSON.stringify(settings);
  }
})();
