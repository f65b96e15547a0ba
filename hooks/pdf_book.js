// Runs in the print page (hooks/pdf_book.py): Mermaid draws every diagram into the page (not into
// Material's closed shadow root), once the font subsets its labels need are loaded, so that the boxes
// fit the text. The printer (hooks/pdf_print.py) waits for `data-book` on <html>: "ready" or "error: …".
(async () => {
  const book = document.querySelector("main");
  const sources = [...book.querySelectorAll("pre.mermaid")];
  const font = '"Noto Sans KR", sans-serif';
  await document.fonts.ready;
  if (sources.length) {
    const [{ default: mermaid }] = await Promise.all([
      import(book.dataset.mermaid),
      ...sources.map(pre => document.fonts.load(`14px ${font}`, pre.textContent)),
    ]);
    mermaid.initialize({
      startOnLoad: false, securityLevel: "strict", theme: "neutral", fontFamily: font,
      themeVariables: { fontFamily: font, fontSize: "14px" },
    });
    // Drawn while the book is hidden: Mermaid measures each label, which lays out the whole page.
    book.hidden = true;
    for (const [index, pre] of sources.entries()) {
      const div = document.createElement("div");
      div.className = "mermaid";
      div.innerHTML = (await mermaid.render(`diagram-${index}`, pre.textContent)).svg;
      pre.replaceWith(div);
    }
    book.hidden = false;
  }
  await document.fonts.ready;
  document.documentElement.dataset.book = "ready";
})().catch(error => { document.documentElement.dataset.book = "error: " + (error.message || error); });
