"""Time the proceedings build: N synthetic camera-ready papers of P pages each.

    .venv/bin/python bench/proceedings.py [--papers 40] [--pages 8]

The papers look like real camera-ready files where it matters for the merge: an embedded
TrueType font subset, a raster figure and a page full of text on every page. Goal (issue 8):
40 papers x 8 pages in <= 10 s and < 500 MB peak memory. Prints both; exits 1 if missed.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emc2.settings")

GOAL_SECONDS = 10.0
GOAL_MB = 500.0
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
WORDS = [
    "sparse", "quantized", "network", "pruning", "energy", "latency", "accuracy", "memory",
    "budget", "hardware", "accelerator", "transformer", "convolution", "distillation",
    "inference", "throughput", "edge", "device",
]  # fmt: skip


def make_paper(path: Path, title: str, pages: int, rng: random.Random, figure: Path) -> None:
    # reportlab is a dev dependency: fine for a benchmark, never used by the app itself.
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "BenchSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BenchSerif", FONT))
    pdf = canvas.Canvas(str(path), pagesize=letter)
    width, height = letter
    for n in range(pages):
        pdf.setFont("BenchSerif", 14 if n == 0 else 10)
        pdf.drawString(72, height - 90, title if n == 0 else f"{title} (continued)")
        pdf.setFont("BenchSerif", 9.5)
        y = height - 120
        while y > 80:
            pdf.drawString(72, y, " ".join(rng.choice(WORDS) for _ in range(13)))
            y -= 11.5
            if n % 3 == 1 and abs(y - height / 2) < 6:
                pdf.drawImage(str(figure), 150, y - 160, width=300, height=150)
                y -= 170
        pdf.showPage()
    pdf.save()


def make_figure(path: Path, rng: random.Random) -> None:
    from PIL import Image

    data = bytes(rng.randrange(256) for _ in range(240 * 120 * 3))
    Image.frombytes("RGB", (240, 120), data).save(path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=40)
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()

    import django

    django.setup()
    from program.proceedings.volume import PaperEntry, VolumeMeta, build_volume

    rng = random.Random(2019)
    with tempfile.TemporaryDirectory(prefix="emc2-bench-") as tmp:
        tmp_path = Path(tmp)
        figure = tmp_path / "figure.png"
        make_figure(figure, rng)
        papers = []
        for i in range(args.papers):
            title = f"Paper {i + 1}: " + " ".join(rng.choice(WORDS) for _ in range(5)).title()
            path = tmp_path / f"paper{i}.pdf"
            make_paper(path, title, args.pages, rng, figure)
            authors = [(f"Author {rng.randrange(60)} Surname{rng.randrange(60)}", "Uni") for _ in
                       range(rng.randint(1, 5))]  # fmt: skip
            papers.append(
                PaperEntry(
                    key=str(i),
                    title=title,
                    authors=authors,
                    pdf_path=path,
                    session=f"Session {i // 10 + 1}",
                )  # fmt: skip
            )
        meta = VolumeMeta(
            title="Proceedings of the Benchmark Workshop on Efficient Machine Learning",
            short_title="Bench 2026",
            editors=["Grace Hopper", "Alan Turing"],
            year=2026,
            publisher="Bench Press",
            isbn="978-3-16-148410-0",
            preface="A preface. " * 200,
            committees=[("Program committee", [(f"Member {n}", "Somewhere") for n in range(40)])],
        )
        out = tmp_path / "volume.pdf"
        input_mb = sum(p.stat().st_size for p in tmp_path.glob("paper*.pdf")) / 1e6
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        start, cpu_start = time.perf_counter(), time.process_time()
        result = build_volume(meta=meta, papers=papers, out_path=out)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"papers: {args.papers} x {args.pages} pages ({input_mb:.1f} MB of input PDFs)")
        print(f"volume: {result.page_count} pages, {out.stat().st_size / 1e6:.1f} MB")
        print(f"build time: {seconds:.2f} s wall, {cpu:.2f} s CPU (goal <= {GOAL_SECONDS:.0f} s)")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(
            f"peak memory (ru_maxrss, whole process): {peak_mb:.0f} MB "
            f"(before the build {rss_before:.0f} MB; goal < {GOAL_MB:.0f} MB)"
        )
    return 0 if seconds <= GOAL_SECONDS and peak_mb < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
