"""Names the registry does not know: capitalised phrases that look like a cluster, a system or
the organisation that runs it ("ABCI 3.0", "Longhorn’s GPUs", "Yotta will deploy ...").

Written by hand because English has no statistical NER model here; the rules favour what news
writes about infrastructure (a name next to "cluster"/"supercomputer", a possessive, a version
number) and leave out vendors, hardware, people and places."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.hardware import find_hardware
from extract.places import REGIONS as _REGIONS

# a name starts with a capital, or is camel-cased from a lower-case letter ("xTrimoPGLM-100B")
_PHRASE = re.compile(r"(?<![\w@])(?:[A-Z]|[a-z]+[A-Z])[\w’'&.+-]*(?:\s+(?:[A-Z][\w’'&.+-]*|\d+(?:\.\d+)?|&|de|of)(?![\w]))*")
_STOP = set("""The This That These Those It Its In On At By For With From As And But Or Our We They He She His Her Their
Today Tomorrow Yesterday Finally Along Upon Also However Meanwhile Moreover Additionally Once When While After Before
Each Every All Some Many Most Both Such Other Another New Next Last First Second Third If Then Thus Still Now Here There
January February March April May June July August September October November December Monday Tuesday Wednesday Thursday
Friday Saturday Sunday Q1 Q2 Q3 Q4 AI GPU GPUs CPU CPUs HPC LLM LLMs ML DGX HGX NVL72 NVLink NVIDIA Nvidia Nv AMD Intel
HPE Cray Dell Supermicro Lenovo Hewlett Packard Enterprise Tensor Core Cores Grace Hopper Blackwell Volta Ampere Rubin
InfiniBand Quantum-2 BlueField BlueField-3 Spectrum-4 Spectrum-X Ethernet Linpack TOP500 Top500 MW GW kW TFLOPS PFLOPS
EFLOPS ExaFLOPs ExaFLOPS FLOPS FP8 FP16 FP64 BF16 CUDA Xeon EPYC Superchip Superchips Instinct Ultra Pro Max Mini
US USA UK EU Europe European America American Americas Asia China Chinese Japan Japanese India Indian Canada French
France Germany German British Britain Texas Tennessee Memphis California Virginia Ohio Louisiana Wisconsin Paris
Le La Les Un Une Des Du De Ce Cet Cette Ces Sa Son Ses Leur Leurs Notre Nos Votre Il Elle Ils Elles Selon Avec Dans Pour Sur Par En Au Aux Et Mais Ou Donc
Musk Elon Zuckerberg Mark Altman Sam Huang Jensen Nadella Satya Pichai Sundar Smith Brad Jassy Andy Ellison Larry
Son Masayoshi Dr Mr Mrs Ms CEO CTO CFO PDG President Président Minister Ministre Supercluster Cluster Supercomputer
System Systems DPU DPUs NIC NICs SmartNIC Tesla-V100 Team Company Companies Group""".split()) | set(_REGIONS)
STOP = frozenset(_STOP)
_PERSON_VERB = re.compile(r"^\s*(?:said|says|told|wrote|tweeted|posted|added|explained|announced|a\s+déclaré|a\s+dit|a\s+écrit|a\s+annoncé)\b")
_SYSTEM_NOUN = re.compile(r"^\s*(?:['’]s\s+)?(?:AI\s+|GPU\s+)?(?:cluster|supercluster|ultracluster|supercomputer|system|superpod|"
                          r"SuperPOD|machine|data\s?cent(?:er|re)|campus|AI\s+factory|cloud|installation|partition|"
                          r"supercalculateur|superordinateur|centre\s+de\s+données)s?\b", re.IGNORECASE)
_SUBJECT_VERB = re.compile(r"\s+(?:will|is|has|had|was|plans|operates|runs|built|deployed|announced|consists|contains|"
                           r"comprises|now|also|uses|said|says|est|a|va|dispose|prévoit|compte)\b")
_POSSESSIVE = re.compile(r"['’]s\b")
_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside|à|en|près\s+de)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class NameCandidate:
    """A capitalised phrase that may name the subject of a figure."""

    name: str
    start: int
    end: int
    score: int


def _trim(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    while words and (words[0][0] in _STOP or words[0][0] in ("&", "de", "of")):
        words = words[1:]
    while words and (words[-1][0] in _STOP or words[-1][0] in ("&", "de", "of")):
        words = words[:-1]
    return words


def name_candidates(sentence: str, start: int, end: int) -> list[NameCandidate]:
    """Capitalised phrases of SENTENCE scored as the subject of the figure at [start, end)."""
    hw_spans = [(h.start, h.end) for h in find_hardware(sentence)]
    out = []
    for m in _PHRASE.finditer(sentence):
        words = []
        for w in _WORD.finditer(m.group(0)):
            clean = w.group(0).removesuffix("’s").removesuffix("'s").rstrip(".,’'")
            words.append((clean, m.start() + w.start(), m.start() + w.start() + len(clean)))
        words = _trim([w for w in words if not any(hs < w[2] and w[1] < he for hs, he in hw_spans)])
        if not words:
            continue
        # a leading stop word inside a long phrase ("The Federal AI Sandbox") is trimmed; a phrase
        # interrupted by one is cut at it ("Microsoft and G42")
        name = sentence[words[0][1]:words[-1][2]]
        s, e = words[0][1], words[-1][2]
        if s == 0 and len(words) == 1 and not _DIGIT.search(name) and not _SYSTEM_NOUN.match(sentence[e:]):
            # a lone capitalised first word is as often a common word as a name
            if not _SUBJECT_VERB.match(sentence, e):
                continue
        if _PERSON_VERB.match(sentence[e:]):
            continue
        score = 0
        if _SYSTEM_NOUN.match(sentence[e:]):
            score += 3
        if _POSSESSIVE.match(sentence[e:e + 2]) or sentence[e - 2:e] in ("'s", "’s"):
            score += 3
        if _DIGIT.search(name):
            score += 2
        if e <= start:
            score += 1
        if _PLACE_BEFORE.search(sentence[max(0, s - 12):s]):
            score -= 3
        out.append(NameCandidate(name, s, e, score))
    return out


def best_name(sentence: str, start: int, end: int) -> NameCandidate | None:
    """The most likely named subject of the figure at [start, end), if any scores well enough."""
    cands = [c for c in name_candidates(sentence, start, end) if c.score >= 0]
    if not cands:
        return None
    return max(cands, key=lambda c: (c.score, len(c.name.split()), -min(abs(c.start - end), abs(c.end - start))))
