#!/usr/bin/python3
"""Generates engine/src/test/resources/golden/text_tokenizers.json, the golden tokens and
vocabularies for data.text.Tokenizer and data.text.Vocabulary (TokenizerGoldenTest,
VocabularyGoldenTest), with torchtext 0.14's own Python code.

Run from the repository root after `apt-get install -y python3-torchtext` (Debian's torchtext
0.14.1, whose source lies under /usr/lib/python3/dist-packages/torchtext):

    /usr/bin/python3 engine/src/test/python/gen_text_fixtures.py [path/to/sentiment140-excerpt.csv]

Debian's torchtext C++ extension (torchtext._torchtext) does not import here, so the package is
not imported as a whole. Instead two of its files are loaded one by one with importlib:
  torchtext/data/utils.py          unchanged; _basic_english_normalize and _split_tokenizer are
                                   the functions get_tokenizer("basic_english") and
                                   get_tokenizer(None) return.
  torchtext/vocab/vocab_factory.py unchanged; build_vocab_from_iterator runs as written. The only
                                   substitution: the C++ class it constructs last,
                                   torchtext._torchtext.Vocab (VocabPybind(tokens, None)), and the
                                   Python wrapper torchtext.vocab.vocab.Vocab around it are replaced
                                   by StandInVocab below, which keeps the token list it is given in
                                   order (what the C++ Vocab's get_itos() returns for a list without
                                   duplicates, which is all vocab() ever passes it).
The texts: hand-written cases (unicode, HTML entities, punctuation runs, Python-only whitespace,
digits, URLs, @mentions) and the text column (the 6th) of the first 500 rows of the Sentiment140
excerpt, decoded as UTF-8 with errors="replace" and read with Python's csv module.
"""
import csv
import importlib.util
import json
import os
import sys
import types

TORCHTEXT = "/usr/lib/python3/dist-packages/torchtext"
OUT = os.path.join("engine", "src", "test", "resources", "golden", "text_tokenizers.json")
DEFAULT_CSV = os.path.join("..", "shared", "data", "text", "sentiment140-excerpt.csv")
ROWS = 500


class StandInVocab:
    """Stands in for torchtext._torchtext.Vocab and torchtext.vocab.vocab.Vocab: the token list."""

    def __init__(self, tokens, default_index=None):
        if isinstance(tokens, StandInVocab):  # Vocab(VocabPybind(...)) wraps the C++ object
            tokens = tokens.itos
        self.itos = list(tokens)
        assert len(set(self.itos)) == len(self.itos), "the C++ Vocab would reject duplicates"

    def get_itos(self):
        return self.itos


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def torchtext_modules():
    # Empty package shells, so that vocab_factory's imports resolve without the C++ extension.
    for name, path in [("torchtext", TORCHTEXT), ("torchtext.vocab", TORCHTEXT + "/vocab")]:
        shell = types.ModuleType(name)
        shell.__path__ = [path]
        sys.modules[name] = shell
    ext = types.ModuleType("torchtext._torchtext")
    ext.Vocab = StandInVocab
    sys.modules["torchtext._torchtext"] = ext
    wrapper = types.ModuleType("torchtext.vocab.vocab")
    wrapper.Vocab = StandInVocab
    sys.modules["torchtext.vocab.vocab"] = wrapper
    utils = load("torchtext_data_utils", TORCHTEXT + "/data/utils.py")
    factory = load("torchtext.vocab.vocab_factory", TORCHTEXT + "/vocab/vocab_factory.py")
    return utils, factory


CASES = [
    "Hello, World! This is a TEST.",
    "I can't believe it's not butter... isn't it?!",
    'She said "no" (twice); then: left!!!',
    "Wait... what?! Really??? Yes!!!",
    "Tom's dog's bone isn't Tom's",
    "'quoted' \"double\" `back` ''twice''",
    "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00c9COLE \u00dcBER",
    "Stra\u00dfe STRASSE gro\u00df GROSS \u1e9e",
    "\u0130stanbul \u0130I \u0131i D\u0130YARBAKIR",
    "\u039f\u0394\u03a5\u03a3\u03a3\u0395\u03a5\u03a3 \u03a3\u039f\u03a6\u039f\u03a3 \u03a3 A\u03a3. \u0391\u03a3'\u0391 \u03a3\u03a3\u03a3",
    "\u6771\u4eac\u306f\u96e8\u3067\u3059\u3002\u3053\u3093\u306b\u3061\u306f\uff01 \u4e2d\u6587\uff0c\u6d4b\u8bd5",
    "emoji \U0001f600\U0001f44d\U0001f3fd party\U0001f389 \U0001f1e9\U0001f1ea \u2764\ufe0f",
    "fish &amp; chips &quot;great&quot; &lt;3 &#39;ok&#39; &gt;_&lt;",
    "tab\there\tand\t\ttabs",
    "next\u0085line nb\u00a0space thin\u2009space ideo\u3000space",
    "ogham\u1680sep \u2028line\u2029para \u202fnarrow \u205fmath fs\x1cgs\x1drs\x1eus\x1f",
    "zero\u200bwidth no-break\ufeffbom word\u2060joiner",
    "digits 12,345.67 3.14 1st 2nd 007 \u0661\u0662\u0663 \u2460",
    "see http://example.com/a?b=c&d=e, or https://t.co/XyZ!",
    "@user hi @Other_User: #hashtag #Tag2 email me@example.org",
    "line one<br />line two<BR />three<br/>four",
    "  leading and trailing   spaces  \n\r\n",
    "",
    "   ",
    "...",
    "!?!?",
    "a.b.c,d,e;f:g(h)i",
    "x\u0307 \u1e9b\u0323 \u212a\u212b \u2126 \u01c5\u01c4\u01c6",
    "<unk> <pad> <UNK> unk pad",
    "\ufffd broken \ufffd\ufffd bytes",
]


def sentiment140(path):
    texts = []
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        for row in csv.reader(f):
            texts.append(row[5])
            if len(texts) == ROWS:
                break
    return texts


def main():
    utils, factory = torchtext_modules()
    basic = utils.get_tokenizer("basic_english")
    whitespace = utils.get_tokenizer(None)
    assert basic is utils._basic_english_normalize and whitespace is utils._split_tokenizer
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CSV
    tweets = sentiment140(path)
    texts = CASES + tweets

    def tokens(tokenizer):
        return [tokenizer(t) for t in texts]

    basic_tokens, split_tokens = tokens(basic), tokens(whitespace)
    specials = ["<unk>", "<pad>"]
    vocabs = []
    for tokenizer, toks in [("basic_english", basic_tokens), ("whitespace", split_tokens)]:
        for min_freq, max_tokens in [(1, None), (2, None), (3, 50), (1, 100), (1, 3), (5, 1000)]:
            v = factory.build_vocab_from_iterator(
                iter(toks), min_freq=min_freq, specials=specials, max_tokens=max_tokens
            )
            vocabs.append(
                {
                    "tokenizer": tokenizer,
                    "min_freq": min_freq,
                    "max_tokens": max_tokens,
                    "tokens": v.get_itos(),
                }
            )
    # Small vocabularies that pin the edge cases of build_vocab_from_iterator.
    edge = [
        ["b", "a", "b", "<unk>", "c", "<unk>", "<unk>"],
        ["\U0001f600", "\uff5e", "\U0001f600", "\uff5e", "z", "\u00e9", "e\u0301"],
        ["<pad>", "x", "x"],
    ]
    edges = []
    for seq in edge:
        for min_freq, max_tokens in [(1, None), (1, 3), (1, 4), (2, None)]:
            v = factory.build_vocab_from_iterator(
                iter([seq]), min_freq=min_freq, specials=specials, max_tokens=max_tokens
            )
            edges.append(
                {"texts": [seq], "min_freq": min_freq, "max_tokens": max_tokens, "tokens": v.get_itos()}
            )
    lower = [[cp, chr(cp).lower()] for cp in range(sys.maxunicode + 1)
             if not 0xD800 <= cp <= 0xDFFF and chr(cp).lower() != chr(cp)]
    space = [cp for cp in range(sys.maxunicode + 1) if chr(cp).isspace()]
    doc = {
        "source": "torchtext 0.14.1 (Debian python3-torchtext) data/utils.py and "
        "vocab/vocab_factory.py, run by engine/src/test/python/gen_text_fixtures.py on Python "
        + sys.version.split()[0]
        + " (Unicode "
        + __import__("unicodedata").unidata_version
        + ")",
        "texts_source": "cases: hand-written; then the text column of the first "
        + str(len(tweets))
        + " rows of Sentiment140's training.1600000.processed.noemoticon.csv (Go, Bhayani, Huang, "
        "2009) as the MIT-licensed repository of 'Programming PyTorch for Deep Learning' ships it, "
        "decoded as UTF-8 with errors='replace'",
        "cases": len(CASES),
        "texts": texts,
        "basic_english": basic_tokens,
        "whitespace": split_tokens,
        "vocabularies": vocabs,
        "edge_vocabularies": edges,
        "python_lower": lower,
        "python_isspace": space,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, len(texts), "texts,", len(vocabs) + len(edges), "vocabularies")


if __name__ == "__main__":
    main()
