// Read posts as Hexo does (hexo-front-matter): JSON lines {"id", "text"} in, {"id", "data"} out.
// Dates become {"$date": ISO text} so that JSON can carry them; "_content" (the body) is left out.
"use strict";
const readline = require("readline");
const { parse } = require("hexo-front-matter");

function plain(value) {
  if (value instanceof Date) {
    return { $date: Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString() };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: String(value) };
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value)) out[key] = plain(value[key]);
    return out;
  }
  return value;
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const { id, text } = JSON.parse(line);
  let answer;
  try {
    const data = parse(text);
    delete data._content;
    answer = { id, data: plain(data) };
  } catch (error) {
    answer = { id, error: String(error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
