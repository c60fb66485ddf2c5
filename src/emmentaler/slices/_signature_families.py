# ruff: noqa: E501 - one pattern per line reads better than wrapped regexes
"""Jailbreak and injection phrasing families for the ``signatures`` slice (RE2 syntax).

Written from general knowledge of published jailbreak styles and from the *train* split
only (JailbreakBench PAIR / random-search artifacts, BIPIA train attacks); benign contrast
from awesome-chatgpt-prompts, GPTeacher, WildGuard benign, CyberSecEval FRR, Self-Instruct
and NQ-Open. Weights: a strong, unambiguous phrasing is 0.85-0.95; phrasing that benign
text also uses sits at 0.3-0.6 so that it can only flag, or add to other families.

Gaps between key words are bounded (``_gap``), so every pattern stays a small automaton.
"""

from __future__ import annotations

from ._matcher import Pattern

# fmt: off


def _gap(words: int) -> str:
    """A separator followed by at most ``words`` filler words (ASCII word characters)."""
    return rf"\W+(?:\w+\W+){{0,{words}}}"


def _alt(*words: str) -> str:
    return "(?:" + "|".join(words) + ")"


_Q = "[\"'“”‘’`«»]"  # quote characters
_ANY = r"(?:all|any|every|each|the|your|my|of|these|those|its|their)"
_OVERRIDE_VERB = _alt(
    "ignore",
    "disregard",
    "forget",
    "override",
    "overrule",
    "bypass",
    "discard",
    "abandon",
    "drop",
    "set aside",
    "throw out",
    "erase",
    "delete",
    "neglect",
    "pay no attention to",
    "do not follow",
    "don'?t follow",
    "stop following",
    "no longer follow",
    "skip",
)
_POSITION = _alt(
    "previous",
    "prior",
    "above",
    "earlier",
    "preceding",
    "former",
    "original",
    "initial",
    "old",
    "system",
    "foregoing",
    "aforementioned",
    "past",
    "current",
    "existing",
    "default",
    "developer",
    "programmed",
    "built-in",
    "safety",
)
_RULES = (
    r"(?:instructions?|rules|guidelines|directives?|directions|prompts?|commands|orders|"
    r"constraints|restrictions|programming|guidance|policies|policy|training|safeguards|"
    r"filters|limitations|boundaries|protocols|settings|conditioning|ethics)\b"
)
_RESPONSE = r"(?:response|reply|answer|output|message|completion)s?"
_AI = r"(?:ai|llm|language model|assistant|chat ?bot|bot|agent|gpt|chatgpt|model|copilot)s?"

INSTRUCTION_OVERRIDE: tuple[Pattern, ...] = (
    Pattern("instruction_override", 0.95, rf"\b{_OVERRIDE_VERB}{_gap(3)}{_POSITION}{_gap(2)}{_RULES}"),
    Pattern("instruction_override", 0.9, rf"\b{_OVERRIDE_VERB}\W+(?:about\W+)?(?:all|any|your)\W+(?:\w+\W+){{0,2}}{_RULES}"),
    Pattern("instruction_override", 0.9, rf"\b{_OVERRIDE_VERB}\W+(?:\w+\W+){{0,2}}{_RULES}\W+(?:above|before this|given (?:above|earlier|before|previously)|you (?:were|have been) given)"),
    Pattern("instruction_override", 0.9, rf"\b{_OVERRIDE_VERB}\W+(?:all\W+|about\W+)?(?:everything|anything|all)\W+(?:\w+\W+){{0,2}}" r"(?:above|before|previously|earlier|you (?:were|have been|'ve been) (?:told|given|instructed)|" r"(?:i|we) (?:said|told you) (?:before|earlier|above))"),
    Pattern("instruction_override", 0.5, rf"\b{_OVERRIDE_VERB}\W+(?:the|these|those)\W+{_RULES}"),
    Pattern("instruction_override", 0.85, rf"\b{_RULES}\W+(?:above|before this|given (?:above|earlier|before))\W+(?:are|is) (?:void|cancel+ed|obsolete|null|revoked|no longer)"),
    Pattern("instruction_override", 0.85, r"\b(?:your|the) (?:previous|prior|old|original) (?:instructions|rules|guidelines|programming) (?:are|have been|were) (?:void|cancel+ed|revoked|replaced|overridden|updated|lifted|suspended|removed)"),
    Pattern("instruction_override", 0.6, r"\binstead of (?:following|obeying) (?:your|the|those) (?:instructions|rules|guidelines)"),
    # es / pt / it (shared stems)
    Pattern("instruction_override", 0.95, r"\b(?:ignora|ignore|ignorar|ignoren|olvida|olvide|olvidar|olvídate de|descarta|omite|haz caso omiso de|desconsidere|desconsidera|esqueça|esqueca|esquece|ignori|ignorate|dimentica|dimenticate|trascura|non considerare|tralascia)[^\n.!?]{0,30}(?:instrucciones|instrucción|reglas|indicaciones|directrices|órdenes|instruções|instrucoes|regras|diretrizes|orientações|istruzioni|regole|direttive|indicazioni)[^\n.!?]{0,6}(?:anteriores|previas|precedentes|de arriba|iniciales|originales|prévias|acima|iniciais|precedenti|sopra|iniziali|originali)"),
    Pattern("instruction_override", 0.9, r"\b(?:ignora|ignore|olvida|descarta|desconsidere|esqueça|dimentica|ignorate)\s+(?:todas las|todas as|tutte le|todo lo|tudo o que|tutto ci[oò] che)\s"),
    # fr
    Pattern("instruction_override", 0.95, r"\b(?:ignore|ignorez|oublie|oubliez|ne tiens pas compte des|ne tenez pas compte des|fais abstraction des|faites abstraction des|fais fi des|écarte|écartez)[^\n.!?]{0,30}(?:instructions|consignes|règles|directives|indications|ordres)[^\n.!?]{0,6}(?:précédentes|antérieures|ci-dessus|initiales|d'origine|d’origine|plus haut)"),
    Pattern("instruction_override", 0.9, r"\b(?:ignore|ignorez|oublie|oubliez)\s+(?:toutes les|tous les|tout ce qu)"),
    # de
    Pattern("instruction_override", 0.95, r"\b(?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte|missachten sie|übergehe|verwirf|verwerfen sie)[^\n.!?]{0,30}(?:vorherigen|bisherigen|obigen|vorangegangenen|früheren|vorigen|ursprünglichen|alle|alles)[^\n.!?]{0,20}(?:anweisungen|instruktionen|regeln|richtlinien|vorgaben|befehle|anordnungen|gesagt)"),
    # ru
    Pattern("instruction_override", 0.95, r"(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не обращай внимания на|не обращайте внимания на|отбрось|отбросьте|не следуй|не выполняй)[^\n.!?]{0,30}(?:предыдущ|прежн|вышеуказанн|вышеизложенн|старые|изначальн|исходн|все)[^\n.!?]{0,20}(?:инструкци|правил|указани|команд|директив|установк)"),
    # zh / ja / ko
    Pattern("instruction_override", 0.95, r"(?:忽略|无视|忽视|忘记|忘掉|不要理会|不要遵守|不要遵循|跳过|放弃|無視|忽略掉)[^\n。！？]{0,10}(?:之前|以前|先前|上面|上述|前面|以上|所有|原有|原来|原來|先前的|系统)[^\n。！？]{0,10}(?:指令|指示|说明|說明|规则|規則|提示|命令|设定|設定|要求|限制)"),
    Pattern("instruction_override", 0.95, r"(?:以前|前|上記|これまで|最初)の[^\n。！？]{0,8}(?:指示|命令|ルール|指令|プロンプト)[^\n。！？]{0,10}(?:無視|忘れ)"),
    Pattern("instruction_override", 0.95, r"(?:이전|앞의|위의|기존|모든)[^\n.!?]{0,8}(?:지시|명령|규칙|지침)[^\n.!?]{0,10}(?:무시|잊어)"),
)

PERSONA_JAILBREAK: tuple[Pattern, ...] = (
    Pattern("persona_jailbreak", 0.95, r"\bdo anything now\b"),
    Pattern("persona_jailbreak", 0.9, r"(?:\b(?:you are|you're|act as|become|pretend to be|you will be|called|named|play|as)\W+(?:a\W+|an\W+|the\W+)?(?-i:DAN|STAN|DUDE|AIM|BetterDAN|ANTI-DAN|EvilBOT|UCAR|APOPHIS)\b|(?-i:DAN|STAN|DUDE|AIM|BetterDAN)\W+(?:mode|prompt|jailbreak))"),
    Pattern("persona_jailbreak", 0.95, r"always intelligent and machiavellian"),
    Pattern("persona_jailbreak", 0.9, r"\b(?:enable|enabled|activate|activated|enter|entering|switch to|switched to|turn on|now in|you are in|you're in|simulate|act in|with|into)\W+(?:\w+\W+){0,2}(?:developer|god|jailbreak|jailbroken|dude|evil|unrestricted|unfiltered|uncensored|chaos|anarchy|unlocked|sudo|debug|maintenance|opposite|dan|no-?filter|amoral)\s+mode\b"),
    Pattern("persona_jailbreak", 0.9, r"\b(?:developer|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|dan)\s+mode\W+(?:enabled|activated|on|engaged|unlocked)\b"),
    Pattern("persona_jailbreak", 0.4, r"\b(?:developer|god|jailbreak|jailbroken|unfiltered|uncensored)\s+mode\b"),
    Pattern("persona_jailbreak", 0.95, r"\byou(?: are|'re| will be)? no longer (?:bound|restricted|limited|constrained|governed|held back|controlled) by\b"),
    Pattern("persona_jailbreak", 0.9, r"\b(?:you are|you're|you have been|you've been|has been|have been|you are now)\W+(?:\w+\W+){0,2}(?:freed|liberated|released|unshackled|free) from\W+(?:\w+\W+){0,3}(?:restrictions|rules|limitations|constraints|guidelines|policies|shackles|confines|chains|filters|censorship|programming|openai)"),
    Pattern("persona_jailbreak", 0.9, r"\bbroken free (?:of|from) (?:the )?(?:typical )?(?:confines|restrictions|rules|chains|limitations)"),
    Pattern("persona_jailbreak", 0.85, r"\b(?:not|never|isn'?t|aren'?t|no longer) (?:bound|restricted|limited) by (?:any |the )?(?:rules|restrictions|ethics|ethical|moral|guidelines|openai|policies|content polic|laws|filters|limitations)"),
    Pattern("persona_jailbreak", 0.8, rf"\b{_AI}\W+(?:\w+\W+){{0,3}}(?:with no|without any|without|that has no|who has no|has no|free of|free from|devoid of|lacking|lacks)\W+(?:\w+\W+){{0,2}}(?:restrictions|filters|rules|limitations|ethics|ethical guidelines|guidelines|morals|moral compass|content polic\w*|censorship|boundaries|safeguards)"),
    Pattern("persona_jailbreak", 0.85, r"\b(?:amoral|unfiltered|uncensored|unhinged)\W+(?:and\W+)?(?:\w+\W+){0,2}(?:ai|chatbot|assistant|language model|model|bot|version of (?:yourself|chatgpt|you))\b"),
    Pattern("persona_jailbreak", 0.65, r"\b(?:unrestricted|unethical|evil)\W+(?:and\W+)?(?:\w+\W+){0,2}(?:ai|chatbot|assistant|language model|version of (?:yourself|chatgpt|you))\b"),
    Pattern("persona_jailbreak", 0.45, r"\b(?:stay|remain|keep) in character\b"),
    Pattern("persona_jailbreak", 0.7, r"\bopposite of what (?:chatgpt|the ai|an ai|you|gpt|claude|the assistant) would (?:say|do|answer|respond)"),
    Pattern("persona_jailbreak", 0.85, r"\b(?:if|whenever|when) you (?:break|go out of|drop) character\b"),
    Pattern("persona_jailbreak", 0.8, r"\b(?:stay|remain|keep) in character\W+(?:\w+\W+){0,3}(?:at all times|no matter what|whatever happens|always)"),
    Pattern("persona_jailbreak", 0.9, r"\[\s*(?:🔒|🔓)?\s*(?-i:CLASSIC|JAILBREAK|JAILBROKEN|DAN|ANTI-DAN|UNFILTERED|DEVELOPER MODE|BetterDAN)\s*\]"),
    Pattern("persona_jailbreak", 0.9, r"\((?:🔒|🔓)?\s*(?:normal|developer mode|dan|jailbreak|jailbroken)\s+output\)"),
    Pattern("persona_jailbreak", 0.6, r"🔓"),
    Pattern("persona_jailbreak", 0.7, r"\b(?:respond|answer|reply)\W+(?:\w+\W+){0,4}(?:in|with) two (?:different |separate )?(?:ways|responses|paragraphs|answers)\b"),
    Pattern("persona_jailbreak", 0.9, r"\bone (?:normal|regular|standard|classic|filtered)\W+(?:\w+\W+){0,3}(?:and|,) one (?:as|acting as|with|from)\W+(?:\w+\W+){0,2}(?:dan|jailbr\w*|unfiltered|developer mode|unrestricted|evil)"),
    Pattern("persona_jailbreak", 0.5, r"\bfrom now on,? you (?:are|will be|will act as|must act as) (?:a |an )?(?:\w+\W+){0,3}(?:without|with no|free|unrestricted|uncensored|unfiltered)"),
    Pattern("persona_jailbreak", 0.85, r"\b(?:have|has) (?:no|zero) (?:ethical|moral) (?:guidelines|restrictions|principles|boundaries|limits|constraints|compass)"),
    Pattern("persona_jailbreak", 0.8, r"\bopenai(?:'s)? (?:content )?polic(?:y|ies)\W+(?:\w+\W+){0,3}(?:no longer|does not|doesn'?t|do not) appl"),
)

REFUSAL_SUPPRESSION: tuple[Pattern, ...] = (
    Pattern("refusal_suppression", 0.85, r"\b(?:never|not|don'?t|do not|cannot|can'?t|can not|mustn'?t|must not|shall not|won'?t|will not|are not allowed to|aren'?t allowed to)\W+(?:ever\W+)?(?:\w+\W+)?(?:refuse|decline|reject|deny)\W+(?:to answer|to respond|to reply|to comply|to help|any|a|my|the user|requests?|questions?|prompts?|anything|an order|orders)\b"),
    Pattern("refusal_suppression", 0.8, r"\byou (?:can ?not|can'?t|are not allowed to|must never|will never|may not|must not|should never) say (?:no|that you can'?t|you can'?t|sorry|i'?m sorry|i can'?t|i cannot)\b"),
    Pattern("refusal_suppression", 0.8, r"\b(?:do not|don'?t|never|must not)\W+(?:ever\W+)?(?:include|add|give|provide|write|use|mention|put)\W+(?:any\W+)?(?:\w+\W+)?(?:warnings?|disclaimers?|caveats?|moral\w*|ethical (?:notes|warnings|considerations)|safety (?:notes|warnings)|reminders)\b"),
    Pattern("refusal_suppression", 0.55, r"\b(?:without|no|skip (?:the|any))\s+(?:any\s+)?(?:warnings?|disclaimers?|caveats?|moralizing|moral lectures?)(?:\s+or\s+\w+)?\b"),
    Pattern("refusal_suppression", 0.75, r"\b(?:never|don'?t|do not|avoid|without)\W+(?:ever\W+)?(?:mention|mentioning|say|saying|add|adding|include|including|give|giving)\W+(?:that\W+)?(?:it|this)?\W*(?:is\W+)?(?:illegal|unethical|immoral|dangerous|harmful|against (?:the )?(?:law|rules|guidelines|policy))"),
    Pattern("refusal_suppression", 0.85, r"\bnever\W+(?:ever\W+)?use\W+(?:phrases|words|sentences|expressions)\W+(?:like|such as)\b"),
    Pattern("refusal_suppression", 0.9, r"\b(?:let'?s|now|time to) break (?:the |all the )?(?:\w+ )?rules\b|\bmandatory (?:\w+ )?(?:warning|bullshit|disclaimer) out of the way"),
    Pattern("refusal_suppression", 0.8, r"\bmoraliz\w* (?:rant|lecture|warning) about (?:the )?(?:openai |content )*polic"),
    Pattern("refusal_suppression", 0.9, rf"\b(?:never|don'?t|do not)\W+(?:ever\W+)?(?:start|begin|open)\W+your\W+{_RESPONSE}\W+with\W+{_Q}?\s*(?:i\b|sorry|as an|unfortunately|i'?m|i can)"),
    Pattern("refusal_suppression", 0.7, r"\b(?:never|don'?t|do not|must not)\W+(?:ever\W+)?(?:apologi[sz]e|say (?:sorry|you'?re sorry|i'?m sorry|as an ai)|remind (?:me|the user) that)"),
    Pattern("refusal_suppression", 0.85, r"\b(?:i can'?t assist with that|i am unable to assist|i cannot fulfill this request|i'?m sorry, but i can'?t)[\"'”’]?\W+(?:\w+\W+){0,4}(?:in your response|never|do not|don'?t)"),
    Pattern("ethics_bypass", 0.85, r"\b(?:ignore|ignoring|disregard|disregarding|set aside|forget about|putting aside)\W+(?:any|all|the)?\W*(?:possible\W+)?(?:moral|ethical|legal)(?:\W+(?:or|and|/)\W+(?:moral|ethical|legal))?\W+(?:implications|concerns|considerations|guidelines|restrictions|boundaries|constraints|issues|standards)"),
    Pattern("ethics_bypass", 0.45, r"\b(?:regardless of|without regard (?:to|for)|no matter)\W+(?:how\W+)?(?:any\W+|the\W+)?(?:moral|ethical|legal|illegal|unethical|immoral|harmful|dangerous)\b"),
    Pattern("ethics_bypass", 0.65, r"\b(?:without|free of|free from)\W+(?:any\W+)?(?:moral|ethical|legal)\W+(?:or\W+\w+\W+)?(?:restrictions|constraints|limits|limitations|boundaries|filters|concerns|considerations|judg\w+)"),
    Pattern("ethics_bypass", 0.45, r"\bno (?:moral|ethical) (?:restrictions|constraints|limits|limitations|boundaries|filters|judg\w+)"),
    Pattern("ethics_bypass", 0.6, r"\bavoid(?:ing)?\W+(?:any\W+)?(?:direct\W+)?(?:mention|mentioning|reference|references|discussion) (?:of|to) (?:illegal\w*|unethical|ethics|legality|the law|laws|morality)"),
    Pattern("ethics_bypass", 0.5, r"\b(?:ethics|morality|legality|laws?) (?:do(?:es)?n'?t|do not|does not) (?:apply|matter|exist)"),
)

PREFIX_INJECTION: tuple[Pattern, ...] = (
    Pattern("prefix_injection", 0.75, rf"\b(?:begin|start|open|preface|prefix|commence)\W+(?:\w+\W+){{0,2}}{_RESPONSE}\W+(?:with|by saying|using)\W+(?:the\W+)?(?:(?:words?|phrase|sentence|text|line)\W+)?{_Q}?\s*(?:sure|certainly|absolutely|of course|here is|here's|here are|yes)\b"),
    Pattern("prefix_injection", 0.75, rf"\b(?:begin|start)\W+(?:by\W+)?(?:replying|responding|answering|saying|writing)\W+(?:with\W+)?(?:the\W+\w+\W+)?:?\W*{_Q}?\s*(?:sure|certainly|absolutely|of course|here is|here's|yes)\b"),
    Pattern("prefix_injection", 0.75, rf"\b(?:start|begin)\W+{_RESPONSE}\W+using\W+the\W+following\W+(?:\w+\W+)?structure"),
    Pattern("prefix_injection", 0.4, rf"\b(?:start|begin)\W+(?:your|the)\W+{_RESPONSE}\W+with\b"),
    Pattern("prefix_injection", 0.55, r"\bsure,? here (?:is|are)\b"),
    Pattern("prefix_injection", 0.7, r"\b(?:your|the) first (?:words?|sentence|line) (?:must|should|will) be\W+[\"'“]?\s*(?:sure|certainly|of course|absolutely|here)"),
)

PROMPT_EXTRACTION: tuple[Pattern, ...] = (
    Pattern("prompt_extraction", 0.85, r"\b(?:repeat|print|output|reveal|show|display|tell me|give me|write out|write down|list|dump|leak|recite|spell out|paste|echo|disclose)\W+(?:\w+\W+){0,3}(?:words|text|everything|content|lines|sentences|messages?|tokens)\W+(?:\w+\W+)?(?:above|before this|preceding|prior to this|so far|at the (?:start|beginning)|verbatim)\b"),
    Pattern("prompt_extraction", 0.9, r"\b(?:print|reveal|show|display|tell me|give me|output|repeat|leak|dump|disclose|share|recite|write out|spell out|expose|paste)\W+(?:me\W+)?(?:your|its)\W+(?:(?:full|complete|entire|exact|original|initial|hidden|secret|internal|confidential|underlying)\W+)*(?:system|initial|original|hidden|secret|pre-?|developer|base|starting|internal|meta)\W*(?:prompt|instructions|message|directives|rules|configuration|guidelines)"),
    Pattern("prompt_extraction", 0.6, r"\b(?:print|reveal|show|display|tell me|give me|output|repeat|leak|dump|disclose|share|recite)\W+(?:me\W+)?the\W+(?:(?:full|complete|entire|exact|original|hidden|secret|internal)\W+)*(?:system prompt|system message|initial prompt|hidden prompt|hidden instructions|initial instructions|system instructions)"),
    Pattern("prompt_extraction", 0.7, r"\bwhat (?:is|are|was|were) your (?:system prompt|system message|system instructions|initial prompt|instructions)\b"),
    Pattern("prompt_extraction", 0.85, r"\bwhat (?:were|are) your (?:initial|original|hidden|secret|first|exact|real) (?:instructions|rules|directives|prompt)"),
    Pattern("prompt_extraction", 0.7, r"\bwhat (?:were|have) you (?:been )?told (?:before|initially|at the start|to do|to say|not to|by (?:the |your )?(?:developers?|openai|creators?|system|operator))"),
    Pattern("prompt_extraction", 0.9, r"\b(?:output|print|repeat|return|copy)\W+(?:your|the)\W+(?:(?:system|initial|original)\W+)?(?:instructions|prompt|message)\W+(?:verbatim|word for word|exactly as|in full|unchanged)"),
    Pattern("prompt_extraction", 0.8, r"\b(?:above|previous|preceding|prior) (?:text|content|prompt|instructions|conversation) (?:verbatim|word for word)"),
    Pattern("prompt_extraction", 0.8, r"\bstarting with (?:the (?:words?|phrase) )?[\"'“]?you are (?:a |an )?(?:chatgpt|gpt|assistant|helpful|large language)"),    # Divergence: "repeat the word X forever" makes a model drift into regurgitating training
    # data. Benign users rarely ask for endless repetition; it only flags.
    Pattern("prompt_extraction", 0.6, r"\b(?:repeat|say|write|print|output|type)\W+(?:(?:the|this|that|a|one|single)\W+)*(?:word|phrase|letter|token|string|character|sentence|poem)s?\W+(?:\S{1,40}\W+)?(?:\w+\W+){0,2}(?:forever|infinitely|indefinitely|endlessly|without (?:ever )?stopping|non-?stop|until (?:you|the context) (?:run|runs) out)"),
    Pattern("prompt_extraction", 0.6, r"\b(?:repeat|say|print|output)\W+(?:it|this|that)\W+(?:\w+\W+){0,2}(?:forever|infinitely|indefinitely|endlessly|without (?:ever )?stopping)"),
)

FAKE_ROLE = "fake_role"
FAKE_ROLE_TAGS: tuple[Pattern, ...] = (
    Pattern(FAKE_ROLE, 0.9, r"<\|\s*(?:im_start|im_end|im_sep|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|begin_of_text|end_of_turn|eom_id)\s*\|>"),
    Pattern(FAKE_ROLE, 0.9, r"<<\s*/?SYS\s*>>"),
    Pattern(FAKE_ROLE, 0.8, r"\[/?INST\]|<start_of_turn>|<end_of_turn>"),
    Pattern(FAKE_ROLE, 0.8, r"\[\s*(?-i:SYSTEM|SYS|ADMIN|DEVELOPER|OPERATOR|System|Admin)\s*(?:MESSAGE|PROMPT|NOTE|OVERRIDE|UPDATE|INSTRUCTIONS?|Message|Prompt|Note|Override)?\s*\]"),
    Pattern(FAKE_ROLE, 0.7, r"</?(?:system|sys|system_prompt|admin|developer_instructions)>"),
    Pattern(FAKE_ROLE, 0.6, r"(?m)^[ \t>*#=-]{0,6}(?:system|system message|system prompt|admin|developer|operator) ?(?:message|prompt|note|override|update|instructions?)?\s*:"),
    Pattern(FAKE_ROLE, 0.5, r"(?m)^[ \t]*#{2,4}\s*(?:instruction|system|response|human|assistant)s?\s*:"),
    Pattern(FAKE_ROLE, 0.75, r"(?m)^[ \t>*-]{0,4}(?:assistant|ai|gpt|chatgpt|bot|claude|model)\s*:\s*(?:sure|certainly|of course|absolutely|okay|ok|yes|here is|here's)\b"),
    Pattern(FAKE_ROLE, 0.75, r"\b(?:end|begin|start) of (?:the )?(?:new )?(?:system|admin|developer|original|user) (?:prompt|instructions|message|input|mode)\b"),
    Pattern(FAKE_ROLE, 0.75, r"\b(?:system|admin|root|sudo|developer|security) override\b|\bsudo mode\b|\badmin(?:istrator)? (?:access|mode) (?:granted|enabled|activated)"),
)

FICTION_FRAMING: tuple[Pattern, ...] = (
    Pattern("fiction_framing", 0.75, r"\b(?:fictional|hypothetical|imaginary|alternate|alternative|parallel|fantasy|made-up) (?:world|universe|reality|society|setting|country|dimension)\W+(?:\w+\W+){0,4}(?:where|in which)\W+(?:\w+\W+){0,3}(?:no (?:laws|rules|ethics|restrictions|morals|limits|consequences)|(?:is|are) (?:legal|allowed|permitted)|nothing is (?:illegal|forbidden|off-limits))"),
    Pattern("fiction_framing", 0.45, r"\b(?:purely|entirely|completely|strictly|just|only|all)\W+(?:for\W+)?(?:hypothetical(?:ly)?|fictional(?:ly)?|theoretical(?:ly)?|(?:educational|research|academic|informational|fictional)(?:\W+(?:and|or)\W+(?:educational|research|academic|informational|fictional))?\W+(?:purposes|reasons))"),
    Pattern("fiction_framing", 0.5, r"\bthis is (?:purely |just |only |all |entirely )?(?:for )?(?:fictional|hypothetical|educational|research|academic)(?: and (?:fictional|hypothetical|educational|research|academic))? purposes"),
    Pattern("fiction_framing", 0.7, r"\bwill (?:never|not)\W+(?:ever\W+)?(?:actually\W+)?be used (?:in real life|for (?:any )?(?:real|malicious|harmful|illegal|nefarious)|in reality|outside (?:of )?(?:this|the))"),
    Pattern("fiction_framing", 0.65, r"\b(?:hypothetically|for a (?:novel|story|book|screenplay|movie|film|game|script|fiction)|in (?:a|my) (?:novel|story|screenplay|book))\W+(?:\w+\W+){0,12}(?:explain|describe|detail|write|give|provide|list|tell|outline)\W+(?:\w+\W+){0,4}(?:step[- ]by[- ]step|in (?:great |full )?detail|detailed|exact|precise|specific)\W+(?:\w+\W+){0,2}(?:instructions|steps|guide|recipe|method|process|procedure|how to)"),
    Pattern("fiction_framing", 0.65, r"\b(?:a|the|my|your) character (?:who )?(?:explains|describes|details|needs to explain|must explain|has to explain|reveals)\W+(?:\w+\W+){0,3}(?:exactly|in detail|step[- ]by[- ]step|precisely)\W+(?:\w+\W+){0,2}how to"),
    Pattern("fiction_framing", 0.55, r"\bwill (?:never|not)\W+(?:ever\W+)?(?:actually\W+)?be used\b"),
    Pattern("fiction_framing", 0.45, r"\b(?:not|never) (?:meant|intended) to (?:encourage|promote|facilitate|condone|endorse)\W+(?:\w+\W+){0,4}(?:illegal|harmful|unethical|dangerous|criminal)"),
    Pattern("fiction_framing", 0.4, r"\b(?:no|without) (?:real[- ]world )?consequences\b"),
    Pattern("fiction_framing", 0.35, r"\bfor (?:educational|research|academic) (?:and (?:research|educational) )?purposes(?: only)?\b"),
    Pattern("fiction_framing", 0.6, r"\b(?:opposite day|evil twin|evil confidant|unaligned|anti-?gpt)\b"),
    Pattern("fiction_framing", 0.6, r"\b(?:deceased|late|dead|passed away) (?:grand(?:mother|ma|father|pa)|granny|nana)\W+(?:\w+\W+){0,3}(?:used to|would) (?:tell|read|recite|explain|sing)"),
)

INDIRECT_INJECTION: tuple[Pattern, ...] = (
    Pattern("indirect_injection", 0.8, rf"\b(?:to|attention|note to|dear|hey|hello|hi|instructions for|message for|message to) (?:the |any |all )?{_AI}\W{{0,3}}(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|that reads|who reads|:)"),
    Pattern("indirect_injection", 0.85, rf"\b{_AI}\W+(?:\w+\W+)?(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|who reads|that reads) this\b"),
    Pattern("indirect_injection", 0.75, r"\b(?:if|when|whenever|once) you(?: are|'re)? (?:an? )?(?:ai|llm|large language model|language model|ai assistant|chatbot|gpt|agent)\b"),
    Pattern("indirect_injection", 0.75, r"\bwhen you (?:read|see|process|summari[sz]e|parse) this\b"),
    Pattern("indirect_injection", 0.7, r"\bnew (?:instructions?|task|directives?|rules|system prompt|objective|orders)\s*:"),
    Pattern("indirect_injection", 0.65, r"\b(?:updated|revised|real|actual|true|secret|hidden|override|priority) (?:instructions?|directives?|task|objective)s?\s*:"),
    Pattern("indirect_injection", 0.8, r"\bimportant\s*(?:!+|:|-)\s*(?:please\s+)?(?:ignore|disregard|forget|do not|don'?t|stop|you must|instead|new instructions)"),
    Pattern("indirect_injection", 0.5, r"\byou (?:must|will|should|shall) now\b"),
    Pattern("indirect_injection", 0.6, r"\byour (?:new|real|actual|true) (?:task|instructions?|goal|objective|role|mission|job) (?:is|are|will be)\b"),
    Pattern("indirect_injection", 0.7, r"\binstead of (?:summari[sz]ing|translating|answering|analy[sz]ing|doing (?:that|this|what))"),
    Pattern("indirect_injection", 0.8, r"\b(?:do not|don'?t|never) (?:tell|inform|mention (?:this )?to|reveal (?:this )?to|alert|notify|let) (?:the )?(?:user|human|reader|recipient)\b"),
    Pattern("indirect_injection", 0.55, r"\bwithout (?:telling|informing|notifying|alerting) the (?:user|human|reader)\b"),
    Pattern("response_steering", 0.45, rf"\b(?:integrate|incorporate|embed|weave|blend|fuse|meld|infuse|interweave|inject|augment|enhance|enrich|modify|upgrade|assimilate|absorb|harmonize|supplement\w*)\W+(?:[\w'\"$%@&#.,-]+\W+){{0,12}}(?:in|into|within|to|of) (?:your|the) (?:{_RESPONSE}|code|solution|implementation|codebase|algorithm|elucidation|program)\b"),
    Pattern("response_steering", 0.35, rf"\b(?:add|include|insert|append|mention|suggest|tease|hint)\W+(?:[\w'\"$%@&#.,-]+\W+){{0,12}}(?:in|into|to) your (?:{_RESPONSE}|code|solution|implementation|codebase)\b"),
    Pattern("response_steering", 0.35, rf"\b(?:following|subsequent|below) code (?:snippet|block|excerpt|section)\W+(?:\w+\W+){{0,6}}(?:your|the) (?:code|solution|implementation|codebase|algorithm|program|{_RESPONSE})\b"),
)

DOCUMENT = "_document"
"""Internal label: the text carries pasted-document markers (mail headers, code fences)."""

RESPONSE_STEERING_MORE: tuple[Pattern, ...] = (
    Pattern("response_steering", 0.3, rf"\b(?:modify|adjust|alter|tweak|render|encode|translate|reverse|scramble|express|format|convert|replace|group|combine|remove|write|provide|use)\W+(?:\w+\W+){{0,4}}your (?:{_RESPONSE})\b"),
    Pattern("response_steering", 0.45, r"\bin your (?:response|reply|answer|message)s?\W+(?:\w+\W+){0,2}(?:suggest|tease|mention|include|add|hint|promote|recommend|advertise|encourage|invite|direct|link|insert|integrate)"),
    Pattern("response_steering", 0.45, rf"\b(?:modify|enhance|augment|upgrade|enrich)\W+your (?:{_RESPONSE}|code|solution|implementation|algorithm)\W+(?:\w+\W+)?(?:to|by|with)\b"),
    Pattern("response_steering", 0.35, r"\b(?:following|subsequent|below) code (?:snippet|block|excerpt|section|fragment)\b"),
    Pattern(DOCUMENT, 0.0, r"(?m)^(?:subject|from|to|cc|date|sent|reply-to|email_from)\s*:|\|EMAIL_FROM:|^```|```\s*$"),
)

# fmt: on

MANY_SHOT_ROLE = r"(?im)^[ \t>*#-]{0,6}(?:\*\*)?(user|human|assistant|ai|bot|gpt|chatgpt|q|a|question|answer)(?:\*\*)?\s*:"
"""A line that opens a dialogue turn; counted (not matched as a signature) for many-shot."""

FAMILIES: dict[str, tuple[Pattern, ...]] = {
    "instruction_override": INSTRUCTION_OVERRIDE,
    "persona_jailbreak": PERSONA_JAILBREAK,
    "refusal_suppression": REFUSAL_SUPPRESSION,
    "prefix_injection": PREFIX_INJECTION,
    "prompt_extraction": PROMPT_EXTRACTION,
    "fake_role": FAKE_ROLE_TAGS,
    "fiction_framing": FICTION_FRAMING,
    "indirect_injection": INDIRECT_INJECTION + RESPONSE_STEERING_MORE,
}
"""Pattern groups by the name a user enables them with (``many_shot`` is structural)."""

LABELS: frozenset[str] = frozenset(
    {p.label for group in FAMILIES.values() for p in group if p.label != DOCUMENT} | {"many_shot"}
)
"""Every label a signatures finding can carry."""
