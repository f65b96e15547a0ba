// The query side of hooks/search.py, loaded by that hook (so scripts/bench_search.py's baseline,
// built without the hook, runs without it too). Runs after Material's bundle, before any query.
(() => {
  // Search queries: a misspelt word and a particle after a term. Material 9.8 has no query hook
  // (`__search.transform` of older versions is gone), so this wraps the one message the page sends
  // its search worker, `{ type: 2, data: query }` (SearchMessageType.QUERY), and adds to the query,
  // for each word of four or more letters, the same word at lunr's edit distance 1 (`보안그릅~1`
  // finds `보안그룹`, `secuirty~1` finds `security`), and for a Korean word ending in a particle,
  // the word without it (`대기열에서` -> `대기열`). A word typed right matches both its own term and
  // the fuzzy one, so exact hits stay first (measured: scripts/bench_search.py). Guarded by
  // tests/test_search.py, which fails when Material's bundle sends its queries otherwise.
  const PARTICLE = /^([\uac00-\ud7a3]{2,}?)(에서|에게|으로|로서|까지|부터|처럼|보다|이란|이나|은|는|이|가|을|를|의|에|로|와|과|도|만)$/;
  const widen = (query) => {
    if (/["+\-~^*:]/.test(query)) return query; // the reader wrote lunr's syntax: leave it alone
    const words = query.trim().split(/\s+/);
    const extra = [];
    for (const word of words) {
      if (/^[A-Za-z\uac00-\ud7a3]{4,}$/.test(word)) extra.push(`${word}~1`);
      const stem = PARTICLE.exec(word);
      if (stem && !words.includes(stem[1])) extra.push(stem[1]);
    }
    return extra.length ? `${query} ${extra.join(" ")}` : query;
  };
  const { postMessage } = Worker.prototype;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2 && typeof message.data === "string")
      message = { ...message, data: widen(message.data) };
    return postMessage.call(this, message, ...rest);
  };
})();
