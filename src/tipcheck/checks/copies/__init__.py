"""Copies: near-copied passages (TC301–TC303) and the facts changed inside them (TC401–TC406).

In: segmented documents. Out: duplicate and drift findings. One module per step, in the order
they run: `minhash` (signatures and LSH bands), `index` (passages as word keys and signatures),
`candidates` (candidate passage pairs from LSH, grouped copies as stars), `regions` (grown and
merged aligned regions), `drift` (the lexicon that tells cosmetic from substantive changes, and
the classing of each change), `boilerplate` (text repeated across many documents), `findings`
(regions reported as duplicate and drift findings), and `duplicates` (the entry point).
"""
