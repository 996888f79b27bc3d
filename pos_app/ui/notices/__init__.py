"""The city's notices for merchants (공지사항): list and detail."""
