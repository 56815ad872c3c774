"""The index and each memo's focus -> weekly digests for the company and for each department."""
