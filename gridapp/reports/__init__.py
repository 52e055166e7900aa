"""Monthly ledgers (月度台账) as PDF with reportlab: :mod:`gridapp.reports.layout` is the page
framework shared by every ledger, one module per ledger draws it. No Qt here."""
