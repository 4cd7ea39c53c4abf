"""Benchmark questions, written for the benchmark (not taken from any evaluation set)."""

from __future__ import annotations

# About the bundled article (seeds/): a mix of answerable and unanswerable questions.
SEED = [
    "Why did Lloyd Austin travel to Singapore?",
    "Which forum did the Defense Secretary attend before coming to Cambodia?",
    "When did Cambodia break off diplomatic relations with the United States?",
    "Which countries does Cambodia keep good relations with?",
    "Why is Cambodia treated as a client state of China?",
    "What did both sides agree on during the visit?",
    "Is the US an important market for Cambodian exports?",
    "What should the Cambodian government change about its nomination system?",
    "How long do meetings between officials usually last?",
    "What do American officials usually ask about in Cambodia?",
    "Where does the author of the article work?",
    "What kind of country is Cambodia described as?",
    "What does the author recommend the two countries do?",
    "Which topics disturbed the relationship in the past?",
    "How can the United States help Cambodian social development?",
    "What lesson should Cambodia learn from its history?",
    "What role do the media play in the relationship?",
    "Who was the prime minister of Cambodia in 2022?",
    "What military cooperation was discussed?",
    "How many soldiers does the Cambodian army have?",
]

# About the SQuAD articles in bench/data/squad (the scaled indexes).
SQUAD = [
    "How did the 1973 oil crisis change car design?",
    "Which agency ran the Apollo program?",
    "What caused the Black Death?",
    "What is civil disobedience?",
    "What materials are used in construction?",
    "Which court interprets European Union law?",
    "How is force defined in physics?",
    "Who won the French and Indian War?",
    "When did Genghis Khan die?",
    "What do geologists study?",
    "When was Harvard University founded?",
    "How does the immune system tell friend from foe?",
    "What is imperialism?",
    "Who founded the Muslim Brotherhood?",
    "Which river flows through Jacksonville?",
    "What is Newcastle upon Tyne known for?",
    "How is oxygen made in industry?",
    "Who invented packet switching?",
    "How many prime numbers are there?",
    "How did the Broncos reach Super Bowl 50?",
]
