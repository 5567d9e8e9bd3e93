// Writes <vocab>/expected.json: the ids Hugging Face's own tokenizer library gives for every string of strings.json,
// without and with the special tokens transformers adds (add_special_tokens=False / True).
// The library is the Rust `tokenizers` crate through its npm binding, which matches transformers' fast tokenizers:
//   npm install --prefix /tmp/hf-tokenizers tokenizers@0.23.2
//   NODE_PATH=/tmp/hf-tokenizers/node_modules node make_expected.mjs
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { Tokenizer } = createRequire(join(process.env.NODE_PATH ?? '.', 'x'))('tokenizers');
const strings = JSON.parse(readFileSync('strings.json', 'utf8'));
for (const vocab of ['qwen2', 'mistral']) {
  const unpacked = join(tmpdir(), `${vocab}-tokenizer.json`);
  writeFileSync(unpacked, gunzipSync(readFileSync(join(vocab, 'tokenizer.json.gz'))));
  const tokenizer = Tokenizer.fromFile(unpacked);
  const rows = [];
  for (const text of strings) {
    const plain = await tokenizer.encode(text, null, { addSpecialTokens: false });
    const special = await tokenizer.encode(text, null, { addSpecialTokens: true });
    rows.push({ ids: plain.getIds(), with_special: special.getIds() });
  }
  writeFileSync(join(vocab, 'expected.json'), JSON.stringify(rows) + '\n');
  console.log(`${vocab}: ${rows.length} strings`);
}
