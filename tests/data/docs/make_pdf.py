"""Writes library-report.pdf, the PDF test document (run: python make_pdf.py; needs fpdf2).

A three-page report with a title in its metadata and on page 1, paragraphs, a heading and
page breaks, so the PDF loader's text, title and page numbers can be checked.
"""

from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent

PAGES = [
    ("Northfield Library Annual Report 2024", [
        "Northfield Library welcomed 182,000 visitors in 2024, eleven percent more than in "
        "the year before. The rise came mostly from families using the new children's "
        "corner, which opened in February.",
        "The library lent 96,500 books, audiobooks and magazines. Loans of audiobooks grew "
        "fastest, doubling after the library joined the county's digital lending service "
        "in May.",
    ]),
    ("Programmes and events", [
        "The library ran 340 events during the year. The most popular was the Saturday "
        "coding club for teenagers, which met 45 times and had a waiting list from April "
        "onwards.",
        "A series of evening talks on local history drew an average audience of sixty "
        "people. The talk on the old Northfield tram line was repeated twice because of "
        "demand.",
    ]),
    ("Budget and outlook", [
        "The library spent 1.4 million euros in 2024, of which 62 percent went on staff and "
        "18 percent on new books and media. A grant of 90,000 euros from the regional arts "
        "fund paid for the children's corner.",
        "In 2025 the library plans to extend its opening hours on Thursdays until nine in "
        "the evening and to replace the public computers, which are now eight years old.",
    ]),
]


def main() -> None:
    pdf = FPDF(format="A4")
    pdf.set_title("Northfield Library Annual Report 2024")
    pdf.set_author("Northfield Library Board")
    pdf.set_creation_date(__import__("datetime").datetime(2025, 1, 15))  # reproducible bytes
    for n, (heading, paragraphs) in enumerate(PAGES):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 18 if n == 0 else 14)
        pdf.multi_cell(0, 10, heading)
        pdf.ln(4)
        pdf.set_font("Helvetica", "", 11)
        for text in paragraphs:
            pdf.multi_cell(0, 6, text)
            pdf.ln(4)
    pdf.output(str(HERE / "library-report.pdf"))


if __name__ == "__main__":
    main()
