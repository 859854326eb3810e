"""The assessment app's pages, one module per page family: the survey (`survey`), the result (`results`), the
business's DX plan (`plan`) and the staff's criteria sets (`criteria`). `assessment.urls` maps them."""
