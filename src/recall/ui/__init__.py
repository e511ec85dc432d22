"""Terminal rendering: commands return data; these modules turn it into text."""
