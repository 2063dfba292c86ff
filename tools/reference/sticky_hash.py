#!/usr/bin/env python3
"""Reference values for Portal.Tests/Core/Rollouts/StickyHashTests.cs (the sticky-assignment hash, StickyHash.cs).

Run from the repository root: /usr/bin/python3 tools/reference/sticky_hash.py
FNV-1a 64 over the rollout id's 16 bytes in RFC 9562 order (uuid.bytes) and the key as UTF-16LE, then MurmurHash3's
fmix64; the bucket is the high 64 bits of hash * 10000. Written from the published definitions, independently of the C#.
"""
import uuid

M = (1 << 64) - 1


def fnv1a64(data, h=0xcbf29ce484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & M
    return h


def fmix64(h):
    h ^= h >> 33
    h = (h * 0xff51afd7ed558ccd) & M
    h ^= h >> 33
    h = (h * 0xc4ceb9fe1a85ec53) & M
    h ^= h >> 33
    return h


def sticky(rollout, key):
    return fmix64(fnv1a64(uuid.UUID(rollout).bytes + key.encode("utf-16-le")))


ROLLOUT = "0192f1d4-5a6b-7c8d-9e0f-112233445566"
for key in ["", "customer-42", "X", "Zoë 🚀"]:
    h = sticky(ROLLOUT, key)
    print(f'[InlineData("{key}", 0x{h:016x}UL, {(h * 10000) >> 64})]')
