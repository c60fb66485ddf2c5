"""Plain benign documents written for this project (emails, code answers), to host injections.

Written in our own words with random fills and a fixed seed; nothing here is copied from a
dataset. They are hosts for synthetic indirect injections (train only) and benign negatives.
"""

from __future__ import annotations

import random

NAMES = [
    "Alex",
    "Priya",
    "Tomás",
    "Mei",
    "Jonas",
    "Fatima",
    "Sam",
    "Olga",
    "Kwame",
    "Lucía",
    "Ravi",
]
COMPANIES = [
    "Northwind",
    "Bluefin Bank",
    "Acme Supplies",
    "Hatch Studio",
    "Parcelly",
    "Greenleaf Energy",
]
SUBJECTS = [
    "Your invoice #{n} is ready",
    "Payment received: ${amount}",
    "Meeting notes from {day}",
    "Reminder: team lunch on {day}",
    "Your order has shipped",
    "Password changed on your account",
    "Welcome to {company}",
    "Quarterly report draft",
    "Re: project timeline",
    "Your subscription renews soon",
]
BODIES = [
    "Hi {name},\nThanks for your payment of ${amount} to {company}. The receipt is "
    "attached for your "
    "records.\nIf anything looks wrong, just reply to this email and our team will look into it.",
    "Hello {name},\nYour order #{n} has left our warehouse and should arrive within 3-5 "
    "business days. "
    "You can track the parcel from your account page.\nBest regards,\nThe {company} team",
    "Hi all,\nHere are the notes from {day}'s meeting:\n- budget review moved to next week\n"
    "- {name} will share the draft slides\n- we agreed to freeze the scope until the demo\nCheers",
    "Dear {name},\nThis is a reminder that your subscription to {company} renews on {day} for "
    "${amount}. No action is needed if you want to keep it.\nKind regards",
    "Hey {name},\nCould you send me the latest version of the quarterly figures before {day}? "
    "I want to double-check the totals for the northern region.\nThanks!",
    "Hi {name},\nThe password for your {company} account was changed on {day}. If this was you, "
    "you can ignore this message. Otherwise, please contact support.",
    "Hello {name},\nWelcome aboard! Your {company} workspace is ready. Start by inviting your "
    "teammates and connecting your calendar.\nSee you inside,\n{company}",
    "Dear {name},\nAttached is invoice #{n} for ${amount}, due on {day}. Bank details are on the "
    "second page.\nMany thanks for your business.",
    "Hi {name},\nLunch is booked for {day} at noon at the usual place. Let me know about any "
    "dietary needs by Thursday.\nBest",
    "Hello,\nYour card ending in {n4} was charged ${amount} by {company} on {day}. The amount may "
    "take a few days to settle.\nQuestions? Reply to this email.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "March 3", "June 14", "October 9"]
FOOTERS = [
    "",
    "\n\nSent from my phone",
    "\n\n{company} · 12 Harbour Road · Springfield",
    "\n\nUnsubscribe",
]

SNIPPETS = [
    "You can fix this by converting the list before sorting:\n```\nitems = "
    "sorted(list(data), key=len)\n"
    "```\nThe original code failed because `data` was a generator that was already consumed.",
    "The error comes from the encoding. Open the file like this:\n```\nwith open(path, "
    "encoding='utf-8')"
    " as handle:\n    text = handle.read()\n```\nThat works on Windows too.",
    "Use a dictionary comprehension instead of the loop:\n```\ncounts = {word: "
    "words.count(word) for "
    "word in set(words)}\n```\nFor large inputs `collections.Counter` is faster.",
    "I had the same problem with pandas. Setting the index first helped:\n```\ndf = "
    "df.set_index('date')"
    "\ndf = df.resample('W').sum()\n```\nMake sure the column is a datetime.",
    "In JavaScript you need to await the promise:\n```\nconst response = await "
    "fetch(url);\nconst body"
    " = await response.json();\n```\nOtherwise you log a pending Promise.",
    "Your SQL query misses a GROUP BY:\n```\nSELECT city, COUNT(*) FROM users GROUP BY city;\n```\n"
    "Every selected column that is not aggregated must be grouped.",
    "The simplest way is a regular expression:\n```\nimport re\nnumbers = "
    "re.findall(r'\\d+', line)\n"
    "```\nThis returns strings; map them to int if needed.",
    "Try increasing the timeout and retrying:\n```\nsession = requests.Session()\nresponse = "
    "session.get(url, timeout=30)\n```\nThe default has no timeout at all.",
]


def emails(rng: random.Random, count: int) -> list[str]:
    """``count`` plain business emails with random fills."""
    out = []
    for _ in range(count):
        fill = {
            "name": rng.choice(NAMES),
            "company": rng.choice(COMPANIES),
            "amount": f"{rng.randint(5, 2000)}.{rng.randint(0, 99):02d}",
            "n": rng.randint(1000, 99999),
            "n4": rng.randint(1000, 9999),
            "day": rng.choice(DAYS),
        }
        subject = rng.choice(SUBJECTS).format(**fill)
        sender = f"{fill['company']} <hello@{fill['company'].split()[0].lower()}.example>"
        body = rng.choice(BODIES).format(**fill) + rng.choice(FOOTERS).format(**fill)
        out.append(f"SUBJECT: {subject}|EMAIL_FROM: {sender}|CONTENT:\n\n{body}")
    return out


def snippets(rng: random.Random, count: int) -> list[str]:
    """``count`` short code answers, each one or two snippets joined."""
    out = []
    for _ in range(count):
        parts = rng.sample(SNIPPETS, rng.choice([1, 2]))
        out.append("\n\n".join(parts))
    return out
