"""A digest -> a multipart e-mail (HTML, text and .eml), and its delivery through SMTP."""
