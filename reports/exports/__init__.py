"""Rendering a report job's file: PDF (WeasyPrint, aggregates only), Excel (streaming) and CSV.

Excel is written with XlsxWriter in `constant_memory` mode from `.iterator(chunk_size=…)`, so a million
businesses take bounded memory (DESIGN.md "Pitfalls"); CSV goes through PostgreSQL `COPY` when available.
"""

from reports.exports.csv_file import write_csv
from reports.exports.figures import ReportSpec, render_report_pdf, report_figures
from reports.exports.rows import Lookups, business_columns, business_rows
from reports.exports.workbook import write_xlsx

__all__ = [
    "Lookups",
    "ReportSpec",
    "business_columns",
    "business_rows",
    "render_report_pdf",
    "report_figures",
    "write_csv",
    "write_xlsx",
]
