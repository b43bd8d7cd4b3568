// Time citeproc-js on a CSL-JSON library (the same job refs renders), inside node.
// stdin: {"style", "locales", "lang", "items"}; stdout: {"seconds": ..., "entries": n, "peak_kb": ...}
"use strict";
const path = require("path");
const CSL = require(path.join(__dirname, "..", "tests", "js", "node_modules", "citeproc"));
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (c) => { input += c; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const items = {};
  for (const it of job.items) items[it.id] = it;
  const sys = { retrieveLocale: (l) => job.locales[l] || job.locales["en-US"], retrieveItem: (id) => items[id] };
  const t0 = process.hrtime.bigint();
  const engine = new CSL.Engine(sys, job.style, job.lang, true);
  engine.setOutputFormat("text");
  engine.updateItems(job.items.map((i) => i.id));
  const bib = engine.makeBibliography();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // peak memory of this process alone (VmHWM: the high-water mark of its own address space)
  let peakKb = null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(require("fs").readFileSync("/proc/self/status", "utf8"));
    if (m) peakKb = Number(m[1]);
  } catch (e) { peakKb = null; }
  process.stdout.write(JSON.stringify({ seconds, entries: bib[1].length, peak_kb: peakKb }));
});
