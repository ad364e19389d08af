"""Time the notice scrub on a county's worth of personal values, next to two baselines from the same run.

Builds 5,000 names (2–4 characters), 5,000 phones, 2,000 ID numbers and 2,000 request texts
(6–40 characters), then scrubs 200 request texts of 20–400 characters, each holding a few names
and numbers written with separators and full-width digits, and prints:
- the scrub (:class:`village_gov.core.privacy.Scrubber`: building the matcher, then the texts);
- baseline 1, the plain ``str.replace`` loop over every value (the previous scrub's first pass;
  it catches only values written as stored);
- baseline 2, one regex alternation of every value, longest first (also as stored only).

The scrub's work grows with the texts' length (times the few distinct name lengths), not with the
number of values; the baselines grow with both.  Run: ``python bench/scrub_scale.py [--values N]``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from village_gov.core.privacy import Scrubber

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉林德继先志"
WORDS = ["路灯", "维修", "反映", "情况", "水渠", "清淤", "垃圾", "清运", "道路", "硬化", "请回电", "门口", "谢谢"]


def build(rng: random.Random, count: int):
    names = {rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 3)))
             for _ in range(count)}
    phones = {"1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9)) for _ in range(count)}
    ids = {"".join(rng.choice("0123456789") for _ in range(17)) + rng.choice("0123456789X")
           for _ in range(count * 2 // 5)}
    texts = {"".join(rng.choice(WORDS) for _ in range(rng.randint(3, 20))) for _ in range(count * 2 // 5)}
    return sorted(names), sorted(phones), sorted(ids), sorted(texts)


def disguise(rng: random.Random, value: str) -> str:
    out = []
    for ch in value:
        if out and rng.random() < 0.3:
            out.append(rng.choice(" -./，　·"))
        out.append(chr(ord(ch) + 0xFEE0) if ch.isascii() and rng.random() < 0.5 else ch)
    return "".join(out)


def sample_texts(rng, names, phones, ids, n=200):
    texts = []
    for _ in range(n):
        parts = [rng.choice(WORDS) for _ in range(rng.randint(10, 150))]
        for _ in range(rng.randint(1, 4)):
            parts.insert(rng.randrange(len(parts) + 1), disguise(rng, rng.choice(names + phones + ids)))
        texts.append("".join(parts))
    return texts


def timed(label: str, fn, repeat: int = 3) -> float:
    best = min(_once(fn) for _ in range(repeat))
    print(f"{label:<52} {best * 1000:9.1f} ms")
    return best


def _once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=5000, help="names (and phones) in the ledger")
    args = parser.parse_args()
    rng = random.Random(12)
    names, phones, ids, secret_texts = build(rng, args.values)
    values = phones + ids + secret_texts
    texts = sample_texts(rng, names, phones, ids)
    size = sum(map(len, texts))
    print(f"{len(names)} names, {len(phones)} phones, {len(ids)} ID numbers, {len(secret_texts)} texts; "
          f"{len(texts)} texts to scrub, {size} characters")

    scrubber = Scrubber(values, names)
    timed("scrub: build the matcher", lambda: Scrubber(values, names))
    timed("scrub: the texts", lambda: [scrubber(t) for t in texts])
    everything = sorted(values + names, key=lambda v: (-len(v), v))

    def replace_loop():
        for text in texts:
            for value in everything:
                if value in text:
                    text = text.replace(value, "＊＊")

    timed("baseline: str.replace loop (as stored only)", replace_loop)
    alternation = re.compile("|".join(map(re.escape, everything)))
    timed("baseline: one regex alternation (as stored only)", lambda: [alternation.sub("＊＊", t) for t in texts])
    missed = sum(1 for t in texts if "＊＊" not in scrubber(t))
    print(f"texts the scrub left without a mask: {missed} (each holds at least one value)")


if __name__ == "__main__":
    main()
