"""The index and digest intros -> each memo's focus (customer or internal, with its reason), the customer
share of leadership communications per week, leader and department, and the chart of it."""
