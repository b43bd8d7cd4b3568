from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refs.formats.latex import NOCASE_OPEN, decode, encode, normalize_space


@pytest.mark.parametrize(
    "latex, text",
    [
        (r"M{\"u}ller", "Müller"),
        (r"M\"uller", "Müller"),
        (r"\c{C}ingiz \c c", "Çingiz ç"),
        (r"\u{g} \v{s} \.I \i", "ğ š İ ı"),
        (r"\'{\i}", "í"),
        (r"Stra\ss e \o{} \aa{} \AE", "Straße ø å Æ"),
        (r"\o \aa", "øå"),
        (r"1--10 and A---B", "1–10 and A—B"),
        (r"``quoted''", "“quoted”"),
        (r"p.~45", "p.\u00a045"),
        (r"\& \% \$ \# \_ \{ \}", "& % $ # _ { }"),
        (r"\textbackslash{} \textasciitilde{}", "\\ ~"),
        (r"Qazax{\i}stan \c{S}u\c{s}a", "Qazaxıstan Şuşa"),
        (r"Qazaxıstan Əliyev", "Qazaxıstan Əliyev"),
        ("a\n   b\t c", "a b c"),
        # a command refs does not know reads as its argument or its name, math as Unicode where it
        # can (the value as written is kept for writing back, see test_bibtex)
        (r"\unknowncommand{x} y", "x y"),
        (r"\MaxMinAntSystem{} works", "MaxMinAntSystem works"),
        (r"$x^2$ math", "x² math"),
        (r"$^{4}\mathrm{He}$ and $\alpha$-decay, $H_2O$ at $10^{-3}$", "⁴He and α-decay, H₂O at 10⁻³"),
        (r"Java~\cite{other} runs", "Java\u00a0 runs"),
        (r"Berlin\slash Heidelberg", "Berlin/Heidelberg"),
        (r"\ifmmode \check{C}\else Č\fi{}ech", "Čech"),
        (r"Kolmogorov\cprime", "Kolmogorovʹ"),
        (r"5\({}^{th}\)", "5ᵗʰ"),
        (r"\url{https://a.b/c_d}", "https://a.b/c_d"),
        # typesetters' hacks in TUGboat-style files: kerns, raised boxes, accents on nothing
        (r"H{\'a}n Th{\^e}\llap{\raise 0.5ex\hbox{\'{\relax}}} Th{\'a}nh", "Hán Thế Thánh"),
        (r"H{\'o}ng-Z\kern.05em{\`{}\i}", "Hóng-Zì"),
        (r"Karel P{\'{}\i}{\v{s}}ka", "Karel Píška"),
        (r"DVIto\kern-.15em VDU and (\kern-.1emAMS\kern.05em-)\LaTeX", "DVItoVDU and (AMS-)LaTeX"),
        (r"a\hskip 2pt plus 1fil b \lower2pt\hbox{c}", "ab c"),
        (r"$ \{ $Meta$ \} $Font", "{Meta}Font"),
        # dblp escapes the dollars of math; a price stays a price
        (r"Perfect Matchings in \$\epsilon\$-regular Graphs", "Perfect Matchings in ε-regular Graphs"),
        (r"the propeller conjecture in \$\R^3\$", "the propeller conjecture in R³"),
        (r"costs \$5 or \$10", "costs $5 or $10"),
        (r"Even \$k\$-Partite CSPs", "Even k-Partite CSPs"),
        (r"A \$(\log n)^\{\Omega(1)\}\$ gap", "A (log n)Ω(1) gap"),  # raised in rich text
    ],
)
def test_decode_plain(latex, text):
    assert decode(latex) == text


def test_decode_rich_keeps_emphasis_and_case_protection():
    assert decode(r"The {NASA} \emph{way}", rich=True) == f"The {NASA_SPAN} <i>way</i>"
    assert decode(r"\textbf{B} \textsc{sc} x\textsuperscript{2} H\textsubscript{2}O", rich=True) == (
        "<b>B</b> <sc>sc</sc> x<sup>2</sup> H<sub>2</sub>O"
    )
    # braces that wrap an accent are a special character, not case protection
    assert decode(r"{\"O}zbek", rich=True) == "Özbek"
    # case protection inside emphasis survives
    assert decode(r"\emph{{DNA} repair}", rich=True) == f"<i>{NASA_SPAN.replace('NASA', 'DNA')} repair</i>"
    # plain mode drops the markup but keeps the words
    assert decode(r"The {NASA} \emph{way}") == "The NASA way"


NASA_SPAN = f"{NOCASE_OPEN}NASA</span>"


def test_encode_escapes_specials():
    assert encode("R&D 50% $5 #1 a_b {x} ~ ^ \\") == (
        r"R\&D 50\% {\$}5 \#1 a\_b \textbraceleft{}x\textbraceright{} \textasciitilde{} \textasciicircum{} \textbackslash{}"
    )
    assert encode("a--b ``c''") == "a-{}-b `{}`c'{}'"
    assert encode(f"The {NASA_SPAN} <i>way</i>", rich=True) == r"The {NASA} \textit{way}"


# Titles as users write them: any text, plus the markup CSL rich text allows.
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>"), max_size=30
)


@given(plain_text)
def test_encode_decode_round_trip_plain(text):
    text = normalize_space(text)
    assert decode(encode(text)) == text


def _rich():
    leaf = plain_text.map(normalize_space).filter(bool)

    def wrap(inner):
        return st.one_of(
            *[inner.map(lambda s, t=t: f"<{t}>{s}</{t}>") for t in ("i", "b", "sc", "sup", "sub")],
        )

    marked = st.recursive(leaf, wrap, max_leaves=3)
    nocase = marked.map(lambda s: f"{NOCASE_OPEN}{s}</span>")
    return st.lists(st.one_of(leaf, marked, nocase), min_size=1, max_size=4).map(" ".join)


@given(_rich())
def test_encode_decode_round_trip_rich(text):
    assert decode(encode(text, rich=True), rich=True) == text


@given(st.text(alphabet="ab {}\\\"'`~-$%&_^cuvH.=", max_size=30))
def test_decode_is_idempotent_through_encode(latex):
    """Whatever LaTeX a .bib holds, writing its decoded value back loses nothing."""
    for rich in (False, True):
        text = decode(latex, rich=rich)
        assert decode(encode(text, rich=rich), rich=rich) == text
