"""The placeholders a message draft may use, and those that stand on a line of their own."""

from __future__ import annotations

__all__ = ["LINE_PLACEHOLDERS", "PLACEHOLDERS"]

# The names a draft may use as {name}, filled from the situation and the plan, and what
# each holds. Each is replaced by plain text that fits its place in a sentence: the role
# comes as a noun phrase, the interviewer inside a greeting line, the candidate inside
# the caller's introduction, and dates relative to the moment the step is done. A name
# the situation lacks has a stand-in that reads naturally.
PLACEHOLDERS: dict[str, str] = {
    "greeting": "A whole line that greets the interviewer, formally: \"Dear Ms Rivera,\", \"Dear "
                "Herr Huber,\"; \"Dear Hiring Manager,\" when no name is given. The name is used "
                "as given: no title is added.",
    "casual_greeting": "A whole line that greets the interviewer, informally: \"Hi Sam Lee,\" for "
                       "a plain name, \"Dear Herr Huber,\" or \"Dear Tanaka-san,\" for a name "
                       "given with an honorific or title; \"Hello,\" when no name is given.",
    "introduction": "Who is calling, as a call opens: \"Hello, this is Ana Ruiz.\"; \"Hello.\" "
                    "when the candidate's name is not given.",
    "candidate": "The candidate's name (situation `candidate`), to sign with; a line holding only "
                 "it is left out when not given.",
    "interviewer": "The interviewer's name (situation `interviewer`); \"the hiring manager\" when "
                   "not given.",
    "company": "The employer's name (situation `company`); \"your organisation\" (en-GB) or \"your "
               "organization\" (en-US) when not given.",
    "the_role": "The position as a noun phrase: \"the data analyst role\" for `role: data "
                "analyst`, \"the position of auditor\" as given, \"the Associate role\"; \"the "
                "position\" when not given.",
    "role": "The position's title as given (\"data analyst\"); \"the position\" when not given. In "
            "a sentence write {the_role}: `followup test` reports a title pasted in bare.",
    "interview_weekday": "The interview's weekday, e.g. Tuesday.",
    "interview_day": "The interview's day seen from the moment the step is done, for "
                     "\"{interview_day}'s interview\": \"today\", \"yesterday\", its weekday "
                     "within the past week (\"Tuesday\"), else its date.",
    "on_interview_day": "The same, as a sentence says when: \"today\", \"yesterday\", \"on "
                        "Tuesday\", \"on Tuesday 17 November\".",
    "interview_date": "The interview's date, e.g. Tuesday 17 November (en-GB) or Tuesday, November "
                      "17 (en-US).",
    "promised_date": "The date the employer promised an answer by, seen from the moment the step "
                     "is done: \"today\", \"tomorrow\", a weekday within the coming week "
                     "(\"Friday\"), else the date (\"Friday 27 November\"); \"the date you "
                     "mentioned\" when none was given.",
    "offer_deadline": "The date the competing offer expires, written as {promised_date} is; \"its "
                      "deadline\" when none was given.",
}
# Placeholders that stand for a whole line of a draft
# (a greeting): a line holding one holds nothing else.
LINE_PLACEHOLDERS = ("greeting", "casual_greeting")
