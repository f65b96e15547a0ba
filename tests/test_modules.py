"""Every module page meets the page standard (CONTRIBUTING.md), and the notes' key figures are on
the right page."""

from __future__ import annotations

import re

import pytest

from support import MODULE_SOURCES, parsed

MODULES = [source.stem for source in MODULE_SOURCES]
LABELS = {
    "": {"learn": "이 모듈에서 배우는 것", "takeaways": "핵심 정리", "quiz": "셀프 체크",
         "references": "참고 자료", "answer": "정답과 해설", "correction": "원문 정정"},
    "en/": {"learn": "What you will learn", "takeaways": "Key takeaways", "quiz": "Self-check",
            "references": "References", "answer": "Answer and explanation", "correction": "Correction"},
}


def article(site, lang, module):
    page = parsed(site / lang / "modules" / module / "index.html")
    return page, page.select_one("article.md-content__inner")


def section(body, title):
    """The elements between the `##` heading called `title` and the next `##`."""
    heading = next((h for h in body.find_all("h2") if h.get_text(strip=True).rstrip("¶") == title), None)
    assert heading is not None, f"no `## {title}`"
    found = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        found.append(sibling)
    return found


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("module", MODULES)
def test_page_standard(site, lang, module):
    label = LABELS[lang]
    page, body = article(site, lang, module)
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert len(description) > 20 and "작성 중" not in description and "in progress" not in description
    assert body.h1.get_text().startswith(f"Module {module[:2]}")

    opening = body.select_one(".admonition.abstract")
    assert opening is not None and opening.select_one(".admonition-title").get_text(strip=True) == label["learn"]
    assert 3 <= len(opening.select("li")) <= 8

    assert body.select("table"), "comparisons belong in tables"
    assert body.select("pre.mermaid"), "at least one Mermaid diagram"

    takeaways = [li for el in section(body, label["takeaways"]) for li in el.select("li")]
    assert 5 <= len(takeaways) <= 12

    answers = [d for el in section(body, label["quiz"]) for d in ([el] if el.name == "details" else el.select("details"))]
    assert len(answers) >= 5
    for details in answers:
        assert "question" in details["class"]
        assert details.summary.get_text(strip=True) == label["answer"]
        assert len(details.get_text(strip=True)) > 60, "an answer needs its explanation"

    references = [a["href"] for el in section(body, label["references"]) for a in el.select("a[href]")]
    assert any(re.match(r"https://(docs\.)?aws\.amazon\.com/", href) for href in references)


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("module", MODULES)
def test_corrections_cite_an_official_source(site, lang, module):
    _, body = article(site, lang, module)
    for box in body.select(".admonition.bug"):
        assert box.select_one(".admonition-title").get_text(strip=True) == LABELS[lang]["correction"]
        assert box.select("a[href^='https://']"), f"a correction without a source: {box.get_text()[:120]}"


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("module", MODULES)
def test_no_markdown_left_unrendered(site, lang, module):
    """Korean bold that ends in punctuation before Hangul (`**A(B)**는`) stays literal in Markdown."""
    _, body = article(site, lang, module)
    text = "".join(s for s in body.find_all(string=True) if not s.find_parent(["code", "pre"]))
    assert "**" not in text and "[^" not in text and "{#" not in text, re.findall(r".{30}\*\*.{30}", text)[:3]


def normalised(text: str) -> str:
    text = re.sub(r"[\s,]", "", text)
    return re.sub(r"[–—~〜]", "-", text)


# A figure or name from the notes, and the module page that must state it.
KEY_FIGURES = {
    "01-fundamentals": ["ap-northeast-2a", "ap-northeast-2", "PoP", "거버넌스", "지연 시간", "서비스 가용성",
                        "Well-Architected Tool", "지속 가능성", "운영 우수성", "AK/SK"],
    "02-account-security": ["MFA", "aws configure", "SCP", "OU", "Secret Access Key", "통합 결제", "임시"],
    "03-networking-1": ["5개", "Elastic IP", "stateless", "stateful", "NAT 게이트웨이", "기본 VPC", "local"],
    "04-compute": ["c5n.xlarge", "66%", "72%", "54%", "90%", "15분", "10GB", "14일", "169.254.169.254",
                   "gp3", "io2", "st1", "sc1", "Compute Optimizer", "EC2 Image Builder"],
    "05-storage": ["68%", "1-5분", "3-5시간", "5-12시간", "SSE-S3", "SSE-KMS", "DSSE-KMS", "SSE-C",
                   "NFSv4", "Lustre", "ONTAP", "OpenZFS", "iSCSI", "Snowball Edge"],
    "06-databases": ["15개", "5개", "4KB", "1KB", "0.5", "MariaDB", "Memcached", "DAX", "SCT", "6개"],
    "07-monitoring-scaling": ["70%", "OK", "ALARM", "INSUFFICIENT_DATA", "GWLB", "CLB", "대상 추적", "예측"],
    "08-automation": ["Resources", "YAML", "드리프트", "변경 세트", "TypeScript", "Q Developer", "Q Business"],
    "09-containers": ["ECR", "Fargate", "ECS", "EKS", "쿠버네티스", "마이크로서비스"],
    "10-networking-2": ["1.25Gbps", "100Gbps", "게이트웨이 엔드포인트", "인터페이스 엔드포인트", "PrivateLink",
                        "Transit Gateway"],
    "11-serverless": ["300", "30초", "12시간", "1MB/s", "2MB/s", "1000", "FIFO", "WebSocket", "Redshift"],
    "12-edge-services": ["Slowloris", "AppSync", "SYN", "Enterprise", "무효화", "지리적 근접", "다중값"],
    "13-backup-recovery": ["RTO", "RPO", "파일럿 라이트", "웜 스탠바이", "Neptune", "DocumentDB", "FSx"],
}


@pytest.mark.parametrize("module", MODULES)
def test_key_figures_of_the_notes_are_on_their_page(site, module):
    _, body = article(site, "", module)
    text = normalised(body.get_text(" "))
    missing = [figure for figure in KEY_FIGURES[module] if normalised(figure) not in text]
    assert missing == [], f"{module} does not state {missing}"
