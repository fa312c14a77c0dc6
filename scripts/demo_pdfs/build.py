"""Regenerate the demo PDFs in site_content/media/documents/ from the HTML beside this file.

    .venv/bin/pip install -e '.[demo-pdfs]'
    .venv/bin/python scripts/demo_pdfs/build.py

WeasyPrint writes them as PDF/UA-1: tagged (headings, paragraphs, lists in a structure
tree), with the title from <title> and the language from <html lang>, which is what a
screen reader and the AgID checks look for. The files are committed; the bake only
copies them.
"""

from pathlib import Path

from weasyprint import HTML

HERE = Path(__file__).resolve().parent
TARGET = HERE.parent.parent / "site_content" / "media" / "documents"


def main() -> None:
    for source in sorted(HERE.glob("*.html")):
        target = TARGET / f"{source.stem}.pdf"
        HTML(filename=source).write_pdf(target, pdf_variant="pdf/ua-1",
                                        pdf_identifier=source.stem.encode())
        print(f"{target.relative_to(TARGET.parent.parent.parent)}")


if __name__ == "__main__":
    main()
