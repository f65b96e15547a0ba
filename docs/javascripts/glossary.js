// Glossary filter: narrows the list of terms as the reader types. Without JavaScript the box is not
// shown (`.no-js`, overrides/main.html) and every term is listed.
(() => {
  const box = document.querySelector(".glossary-filter");
  if (!box) return;
  const input = box.querySelector("input");
  const count = box.querySelector(".glossary-count");
  const unit = count.textContent.replace(/^\d+/, "");
  const entries = [...document.querySelectorAll(".glossary-entry")];
  const normalise = (text) => text.toLowerCase().replace(/\s+/g, "");
  input.addEventListener("input", () => {
    const query = normalise(input.value);
    let shown = 0;
    for (const entry of entries) {
      const match = !query || normalise(entry.dataset.search + entry.textContent).includes(query);
      entry.hidden = !match;
      shown += match;
    }
    // Hide a category, and its heading, when its terms are all filtered out.
    for (const category of document.querySelectorAll(".glossary-category")) {
      const empty = !category.querySelector(".glossary-entry:not([hidden])");
      category.hidden = empty;
      category.previousElementSibling.hidden = empty;
    }
    count.textContent = shown + unit;
  });
})();
