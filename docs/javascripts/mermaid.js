// Mermaid on demand. Material draws each `pre.mermaid` through a global `mermaid` when one exists
// (and fetches Mermaid from a CDN when none does); this stands in for it. A diagram is drawn when it
// comes within two screens of the viewport (or before printing), with Mermaid's ES module build,
// whose chunks hold only the diagram types a page uses. Until then nothing of Mermaid is fetched or
// run, so the page paints and answers first. `parse` and `run` load Mermaid at once.
(() => {
  const source = new URL(document.currentScript.dataset.mermaid, location.href).href;
  let settings = {};
  let loaded;
  const load = () =>
    (loaded ??= import(source).then(({ default: mermaid }) => {
      mermaid.initialize(settings);
      return mermaid;
    }));

  // Diagrams waiting to come into view, each with the function that lets it be drawn.
  const waiting = new Map();
  const draw = (element) => {
    waiting.get(element)?.();
    waiting.delete(element);
    observer.unobserve(element);
  };
  const observer = new IntersectionObserver(
    (entries) => entries.filter((entry) => entry.isIntersecting).forEach((entry) => draw(entry.target)),
    { rootMargin: "200% 0px" },
  );
  const inView = (text) => {
    // Material hands over the diagram's source text: find its (not yet claimed) `pre`.
    const element = [...document.querySelectorAll("pre")].find(
      (pre) => !pre.dataset.mermaidWaiting && pre.textContent === text,
    );
    if (!element) return Promise.resolve();
    element.dataset.mermaidWaiting = "";
    return new Promise((resolve) => {
      waiting.set(element, resolve);
      observer.observe(element);
    });
  };
  addEventListener("beforeprint", () => [...waiting.keys()].forEach(draw));

  window.mermaid = {
    initialize(config) {
      settings = config;
    },
    async render(id, text, ...rest) {
      await inView(text);
      return (await load()).render(id, text, ...rest);
    },
    async parse(...args) {
      return (await load()).parse(...args);
    },
    async run(...args) {
      return (await load()).run(...args);
    },
  };
})();
