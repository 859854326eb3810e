"""The assessment app's pages, one module per page family: the survey (`survey`), the result (`results`), the
business's DX plan (`plan`), the staff's criteria sets (`criteria`), the method page (`method`) and the officers'
queue of results awaiting confirmation (`queue`). `assessment.urls` maps them."""
