"""Figures in the 说明 checked against the tables and against each other — shared by 预决算, “三公” and 年度报告.

A kind reads its text (``load.figures_text``), turns each figure into a
``Statement`` (what it speaks of, in which scope, for which period, and whether it
is an amount, a change or a percentage: ``statements``), and hands them with a
``Book`` of the values its tables or fields hold to the ``Checker``; ``fields``
does all that for an entry's prose fields and returns located diagnostics. A
finding quotes both places; it is an error only when the wording decides what the
figure speaks of (“财政拨款基本支出”), a warning when the subject is likely but not
certain. Tolerances are the printed figures' own precision. No MkDocs here.
"""
