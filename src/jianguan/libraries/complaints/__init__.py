"""投诉举报库: complaints, reports and enquiries with their deadlines."""
