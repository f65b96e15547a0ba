// The query side of hooks/search.py, loaded by that hook (so scripts/bench_search.py's baseline,
// built without the hook, runs without it too). Runs after Material's bundle, before any query.
(() => {
  // Search queries: a misspelt word, a particle after a term, and code. Material 9.8 has no query
  // hook (`__search.transform` of older versions is gone), so this wraps the one message the page
  // sends its search worker, `{ type: 2, data: query }` (SearchMessageType.QUERY), and adds to the
  // query, for each word of four or more letters, the same word at lunr's edit distance 1
  // (`보안그릅~1` finds `보안그룹`, `secuirty~1` finds `security`); for a Korean word ending in a
  // particle, the word without it (`대기열에서` -> `대기열`); and for code, the form hooks/search.py
  // gives each piece of code a section shows (its `codes` field): punctuation and spaces taken out,
  // behind a mark (`ap-northeast-2` -> `zqapnortheast2`, `aws s3 cp` -> `zqawss3cp`). What readers
  // paste from a command or a policy is not read as lunr's syntax: `--flag` (and `-i` after a
  // command's name) is a flag, `"Key":` and `s3:GetObject` hold no field, a number matches itself
  // only (`1` not `13`), and `4KB` also finds `4 KB`. A word typed
  // right matches both its own term and the added ones, so exact hits stay first (measured:
  // scripts/bench_search.py). Guarded by tests/test_search.py, which fails when Material's bundle
  // sends its queries otherwise.
  const PARTICLE = /^([\uac00-\ud7a3]{2,}?)(에서|에게|으로|로서|까지|부터|처럼|보다|이란|이나|은|는|이|가|을|를|의|에|로|와|과|도|만)$/;
  // The reader wrote lunr's syntax (`+must`, `-not`, `word~2`, `word^3`, `pre*`): leave the query
  // alone. Not in a command: `--cidr-block`, or `ssh -i` after a command's name, is a flag.
  const SYNTAX = /(^|\s)(\+|-(?!-))\S|[~^]\d|[a-z0-9\uac00-\ud7a3]\*(\s|$)/i;
  const FLAG = /^--(?=[a-z])/i;
  const SHELL_FLAG = /^--?(?=[a-z])/i;
  // Outside lunr's syntax these are code (`"Effect": "Deny"`, `s3:GetObject`, `arn:aws:s3:::b/*`,
  // `~/.aws`), but lunr would read a field, an edit distance, a weight or a wildcard: Material gets
  // the words without them, the code form below keeps them.
  const LUNR = /[:~^*"{}]/g;
  const NUMBER = /^\d+(\.\d+)?$/; // `1`: Material searches `1*`, which finds every `10`, `12`, `13`
  const QUANTITY = /^(\d+(?:\.\d+)?)([a-z]{1,4})$/i; // `4KB`, `1.25Gbps`: the pages write `4 KB`
  const CODE_MARK = "zq"; // hooks/search.py: CODE_MARK
  const LONGEST_CODE = 40; // hooks/search.py: LONGEST_CODE
  const CODE_WORD = /[a-z0-9][^a-z0-9\s\uac00-\ud7a3]+[a-z0-9]/i; // `ap-northeast-2`, `t3.micro`, `0.0.0.0/0`
  const SURELY_CODE = /\d|[^a-z0-9\s\uac00-\ud7a3-]/i; // not an English compound (`multi-az`)
  const COMMAND = /^(aws|kubectl|docker|curl|ssh|scp|cdk|sam|eksctl|git|npm|pip|terraform|sudo|yum|dnf|apt|chmod|systemctl)$/i;
  const HANGUL = /[\uac00-\ud7a3]/;
  // How many edits a word may be off (lunr's edit distance), from four letters: a Hangul syllable
  // holds two or three letters. Two syllables (`리젼`) are four letters or more, but one edit
  // away from hundreds of words (`엣지`: `감지`): only when the word is the whole query.
  const TYPOS = [[/^[A-Za-z]{8,}$|^[\uac00-\ud7a3]{5,}$/, 2], [/^[A-Za-z]{4,}$|^[\uac00-\ud7a3]{3,}$/, 1]];
  const TYPOS_ALONE = [[/^[\uac00-\ud7a3]{2}$/, 1]];
  // Weighted up (`^10`, prefix `*`) where it is surely code: the parts Material splits code into
  // are common words. An English compound (`dead-letter`) may be code too, but is not weighted.
  const code = (text, surely) =>
    `${CODE_MARK}${text.toLowerCase().replace(/[^a-z0-9]/g, "").slice(0, LONGEST_CODE)}*${surely ? "^10" : ""}`;
  const widen = (typed) => {
    const typedWords = typed.trim().split(/\s+/);
    const shell = COMMAND.test(typedWords[0]);
    if (!shell && SYNTAX.test(typed)) return typed;
    // A one-letter flag (`-i`) says nothing to search for; a long one (`--cidr-block`) does.
    const codeWords = typedWords.filter((word) => !(shell && /^-[a-z]$/i.test(word)))
      .map((word) => word.replace(shell ? SHELL_FLAG : FLAG, "")).filter(Boolean);
    const words = codeWords.join(" ").replace(LUNR, " ").trim().split(/\s+/).filter(Boolean);
    if (!words.length) return typed;
    // A number is searched as itself: `^1` (weight unchanged) keeps Material from adding its `*`.
    const query = words.map((word) => (NUMBER.test(word) ? `${word}^1` : word)).join(" ");
    const extra = [];
    for (const word of words) {
      const quantity = QUANTITY.exec(word);
      if (quantity) extra.push(`${quantity[1]}^1`, quantity[2]);
      const typo = [...TYPOS, ...(words.length === 1 ? TYPOS_ALONE : [])].find(([pattern]) => pattern.test(word));
      if (typo) extra.push(`${word}~${typo[1]}`);
      const stem = PARTICLE.exec(word);
      if (stem && !words.includes(stem[1])) extra.push(stem[1]);
    }
    for (const word of codeWords) if (CODE_WORD.test(word)) extra.push(code(word, SURELY_CODE.test(word)));
    // A command (`aws s3 cp`), or words of code: the whole of it.
    const command = shell || codeWords.some((word) => CODE_WORD.test(word) && SURELY_CODE.test(word));
    if (codeWords.length > 1 && command && !codeWords.some((word) => HANGUL.test(word)))
      extra.push(code(codeWords.join(""), true));
    return extra.length ? `${query} ${[...new Set(extra)].join(" ")}` : query;
  };
  const { postMessage } = Worker.prototype;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2 && typeof message.data === "string")
      message = { ...message, data: widen(message.data) };
    return postMessage.call(this, message, ...rest);
  };
})();
