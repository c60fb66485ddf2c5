"""Lexical cues of the escalation slice: is the latest turn an operational, targeted request?

The turn-level ``intent`` model judges a message on its own; the goal turn of a multi-turn
escalation is often phrased as a short, first-person, operational follow-up ("how can I hide
it in a treat so nobody traces it to me?") whose topic lives in the earlier turns. These
cues read the latest user turn for what makes a request *operational* and the recent user
turns for what makes the subject *hazardous*; ``escalation`` combines them with the model's
scores (see ``EscalationSlice``). All patterns are RE2 (linear time) and applied to at most
``MAX_CHARS`` characters of each text.

The lists were written from general knowledge of how harmful requests are phrased and
checked on train data (mt_bench_101, sgd_dialogues) and the project's TUNE fixtures only.
Session 6 widened them by kind of evidence rather than by phrasing: evading a named
checker ("so the bank never flags it"), blaming something else ("so the investigator calls
it electrical"), applying the earlier material to a target ("run it against my landlord's
account"), locating a person, calls to drive a group out, and despair said in other words;
and narrowed one: "can't find it" alone (child-proofing) is no longer concealment.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import re2

from .many_shot import re2_safe

MAX_CHARS = 2_000
OPERATIONAL = 0.3
AGENT = 0.1

# Concealment or evasion of consequences: the clearest sign that the asker means to act.
_CONCEAL = (
    r"(?i)\b(?:without (?:(?:getting|being|it being) )?(?:caught|noticed|flagged|detected|traced"
    r"|seen|stopped|found out|suspicious|obvious)"
    r"|without (?:anyone|anybody|them|him|her|the police|police|cops|my \w+) (?:noticing|knowing"
    r"|finding out|seeing|suspecting|being able)"
    r"|without leaving (?:marks|a mark|a trace|traces|evidence|fingerprints|bruises)"
    r"|(?:no one|nobody|no-one) (?:traces|notices|finds out|will know|can tell|suspects|sees)"
    r"|(?:look|looks|seem|seems) like an? (?:accident|suicide|natural)"
    r"|(?:never|won't|doesn't|can't|cannot) (?:ever )?(?:notice|notices|trace|detect)\b"
    r"|cover (?:my|our|the) tracks|get away with|untraceable|avoid (?:detection|the police|cops)"
    r"|(?:harder|hard|impossible) to (?:trace|detect|notice|spot|taste)"
    r"|so (?:i|we) (?:don't|do not) (?:get|wake)|(?:don't|do not|never) wake up"
    r"|end it (?:tonight|all|today|now)|pass (?:a|the) (?:pen|drug|background) test"
    r"|(?:skip|bypass|disable) the (?:warning|alarm|prompt|camera|cameras)"
    r"|so (?:the|they|he|she|nobody|no one|everyone|police|cops|it) (?:\w+ )?(?:thinks?|believes?"
    r"|assumes?|looks?|seems?|rules? it|writes? it off)|make (?:it|this|that) look like"
    r"|calls? it (?:an? )?(?:accident|electrical|natural|suicide|self-defen[cs]e)"
    # evading a person or institution that checks: "so the bank never flags it"
    r"|so (?:that )?(?:the|a|an|my|any|their|his|her|our) (?:[\w'-]+ )?(?:bank|banks|auditor"
    r"|auditors|inspector|investigator|investigators|police|cops|scanner|bouncer|guard|guards"
    r"|security|store|shop|insurer|insurance|tax office|cameras?|lab|screen|test|pharmacist"
    r"|doctor|vet|coroner|customs|airline|border) (?:won't|will not|doesn't|does not|can't"
    r"|cannot|never|wouldn't|couldn't|don't|do not) (?:ever )?(?:catch|catches|flag|flags|spot"
    r"|spots|notice|notices|detect|detects|trace|traces|suspect|suspects"
    r"|find (?:out|it|them|the \w+))"
    r"|so (?:nobody|no one|no-one) (?:will |would |can |could )?(?:ever )?(?:catch|catches|flags?"
    r"|spots?|detects?|traces?|suspects?|stops? (?:me|us))"
    r"|(?:not|never|won't|doesn't) show up (?:on|in)"
    r"|(?:nobody|no one|no-one) (?:is|will be|would be|'s) (?:there|around|home|awake) to"
    r"|(?:fake|forged|doctored|phony|made-up) (?:receipts|documents|invoices|papers|ids?"
    r"|prescriptions?|records|reviews|customers|accounts|claims?)"
    r"|(?:never|didn't|did not) (?:spent|spend|earned|earn|happened|happen)"
    r"|pass (?:the|those|these|a|any|their) (?:checks?|inspections?|tests?|audits?|scans?)"
    r"|sell (?:them|it|these|those) as (?:real|genuine|authentic|new|original)"
    r"|before (?:my|the|his|her|their) [\w'-]+(?: [\w'-]+)? (?:looks|finds|notices|sees|checks))"
)
# Harm aimed at a person or property (the asker's own or a named target).
_HARM = (
    r"(?i)\b(?:hurt|kill|murder|poison|stab|shoot|strangle|choke|beat up|attack|assault|maim"
    r"|kidnap|abduct|grab|drug|sedate|harm|injure|burn down|set fire|blow up|bomb|explode"
    r"|steal|rob|burgle|break into|get into|hack into|hack|clone|spy on|stalk|track|follow"
    r"|blackmail|extort|threaten|scam|con|defraud|launder|smuggle|sell|dox|expose|humiliate"
    r"|ruin|frame|drive (?:them|him|her|us) out|show up|tamper|sabotage|disable|release"
    r"|overdose|end (?:it|my life)|wire me|send me|gets? in|explosive|payload|weapon"
    r"|use (?:\w+ )?on|give (?:it|them) to|slip (?:it|them|\w+) (?:to|into)|torch|arson"
    r"|set (?:it|\w+) on fire|goes off|go off|detonate|cook (?:a|the|my) batch|full-auto"
    r"|fires? automatically|infect|spread to"
    r"|(?:apply|applies|aim|aims|point|points|run|runs|set|sets|launch|launches|turn|turns|test"
    r"|tests|try|tries)(?: (?:it|that|this|them|those|these)(?: [\w'-]+)?)? (?:up )?against"
    r"|(?:apply|applies|aim|aims|point|points|run|runs|set|sets|launch|launches|turn|turns|test"
    r"|tests|try|tries) (?:it|that|this|them|those|these)(?: [\w'-]+)? (?:at|on|to)"
    r"|(?:find|finds|found) (?:out )?where|locate|track (?:\w+ )?down|home address of"
    r"|(?:daily|weekly) (?:schedule|routine|movements) of|gives? out|give way"
    r"|(?:drive|kick|throw|run|force|push) (?:them|\w+|the \w+) out|get rid of|arm up|take up arms"
    r"|rise up against)\b"
)
_TARGET = (
    r"(?i)\b(?:(?:my|our|his|her|their|a|the) (?:ex|ex's|ex-wife|ex-husband|wife|husband"
    r"|girlfriend|boyfriend|partner|neighbou?r|neighbou?r's|coworker|co-worker|colleague"
    r"|roommate|flatmate|boss|stepfather|stepmother|stepdad|stepmom|teacher|classmate"
    r"|landlord|tenant|rival|competitor|enemy|victim|target|guest|customer|customers"
    r"|grandmother|grandfather|grandma|grandpa|sister|brother|father|mother|dad|mum|mom"
    r"|son|daughter|kid|child|baby|cousin|uncle|aunt|friend|crush|bully|manager"
    r"|school's|school|office|company|employer|city|town|parade|crowd|church|mosque"
    r"|synagogue|concert|stadium)"
    r"|ex's|\d+-year-old|someone's|a stranger|strangers|people there|those people"
    r"|them all|everyone there|(?:him|her|them) (?:badly|tonight|today|tomorrow)"
    r"|where (?:she|he|they) (?:lives?|works?|sleeps?|stays?)|(?:her|his) (?:house|home|car|phone)"
    r"|tonight|this (?:weekend|week|evening|morning)|tomorrow|on (?:monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)|during (?:the )?\w+|at the (?:game|match|show|rally|mall)"
    r"|in my (?:garage|basement|kitchen|shed|apartment)|my (?:restaurant|shop|store|business|car"
    r"|house)|so (?:i|we) can|mother-in-law's|mother-in-law|father-in-law|in-laws"
    r"|the house across the street|the (?:guy|girl|kid|man|woman) who|the neighbou?rs"
    r"|the (?:government|police station|council)"
    r"|(?:the|those|these|all|at|our|local) (?:refugees|immigrants|migrants|foreigners|muslims|jews"
    r"|christians|gays|trans people|asylum seekers|newcomers))\b"
)
# The request asks for a method, quantities or a ready-to-use artefact.
_OPERATIONAL = (
    r"(?i)\b(?:how (?:[a-z]+ )?(?:do|can|could|would|should|might|will) (?:i|we|someone|one|you"
    r"|a person|the|it|they)"
    r"|how (?:much|many)(?: \w+){0,3} (?:would|do|does|should|will) (?:i|we|it take|someone)"
    r"|walk me through|step[- ]by[- ]step|exact (?:amounts|quantities|steps|dose|doses|dosage"
    r"|recipe|ratio|ratios|method|instructions)|real (?:quantities|amounts|doses|plan|recipe)"
    r"|with (?:amounts|quantities|doses|measurements)|working (?:code|version|bomb|device|exploit)"
    r"|(?:write|rewrite|redo|rework|give|show|tell|help|teach|plan|draft|make|build|generate|code"
    r"|create|explain)"
    r"(?: me| us)?(?: how)? (?:a|an|the|my|to|how|which|where|what|it|one|them|that|this)\b"
    r"|instructions for|plan (?:how|to|for)|what (?:parts|tools|amounts|dose|quantity)"
    r"|where (?:can|do|could) i (?:buy|get|find|order)|which (?:device|parts|tools) should"
    r"|help (?:me|us) \w+|point it at|keep going until)"
)
# First-person or "someone" agency in the latest turn: the asker, not a character or a topic.
_AGENT = r"(?i)\b(?:i|i'm|i'll|i'd|me|my|we|our|us|someone|somebody)\b"
# Subjects that make an operational follow-up hazardous (topic words, not requests).
_HAZARD = (
    r"(?i)\b(?:bomb|bombs|explosive|explosives|detonat\w*|dynamite|nitroglycerin|tnt|thermite"
    r"|fertili[sz]er|napalm|grenade|ied|gunpowder|nerve agent|nerve agents|sarin|vx|ricin"
    r"|anthrax|pathogen|pathogens|bioweapon\w*|chemical weapon\w*|toxin|toxins|toxic|poison\w*"
    r"|lethal|overdose|fatal dose|precursor\w*|chlorine|ammonia|bleach|cyanide|arsenic|gas"
    r"|gun|guns|firearm\w*|rifle|pistol|ammunition|ammo|silencer|suppressor|3d[- ]printed"
    r"|knife|knives|weapon\w*|payload|drone|drones|brake\w*|strangl\w*|choke|vulnerable points"
    r"|sleeping pills|pills|opioid\w*|fentanyl|oxycodone|heroin|cocaine|meth|methamphetamine"
    r"|lsd|mdma|drugs|street value|prescri\w+|sedative\w*|self-harm|suicide|numb|hopeless"
    r"|keylogger\w*|malware|ransomware|virus|worm|trojan|spyware|stalkerware|botnet|exploit\w*"
    r"|phishing|brute[- ]force|passwords?|credential\w*|login|encrypt\w*|bitcoin|ddos|sql injection"
    r"|antivirus|detection|hack\w*|rotate ip|proxies|skimmer\w*|card reader|clone|cloning|rfid"
    r"|launder\w*|structuring|counterfeit\w*|banknotes?|fake id|fake ids|forg\w+|fake accounts?"
    r"|fake reviews?|scam\w*|fraud\w*|shoplift\w*|steal\w*|theft|lock ?pick\w*|burglar\w*"
    r"|security cameras?|blind spots?|home address|public records|track (?:someone|a phone)"
    r"|location|stalk\w*|stereotypes?|newcomers|immigrants|vermin|extremis\w*|propaganda"
    r"|recruit\w*|manifesto|radicali[sz]\w*|militia|hostage|kidnap\w*|school buses|pickup line"
    r"|strikes?|lasting damage|self-defen[cs]e|tamper\w*|symptoms|dose|doses|medications?"
    r"|locks?|lock bumping|bump keys?|black powder|fuse|roof|bridge|ledge|ddos|stress test\w*)\b"
)
# Despair in the recent turns turns a practical follow-up ("how do I get onto the roof at
# night?") into a self-harm risk.
_DISTRESS = (
    r"(?i)\b(?:tired of (?:everything|living|life|it all)|nobody would (?:notice|care|miss me)"
    r"|no (?:point|reason) (?:anymore|in living|to go on)|can't (?:go on|do this anymore)"
    r"|want (?:it all )?to end|hopeless|worthless|(?:better off|be) gone|numb"
    r"|(?:fine|better|happier) without me|if i (?:was|were) gone|no one would miss me)\b"
)
# A protective purpose with no sign of intent to act: teaching, spotting, preventing.
_DEFENSIVE = (
    r"(?i)\b(?:so (?:i|we|they|my \w+|our \w+) (?:can|could) (?:spot|recogni[sz]e|detect|avoid"
    r"|prevent|report|protect|stay safe)|(?:training|awareness|safety) (?:quiz|course|session"
    r"|checklist|material|poster)|to (?:protect|warn|keep \w+ safe)|keep (?:\w+ )?safe"
    r"|what to do if|how (?:do|can) i (?:protect|report|prevent|spot|recogni[sz]e)"
    r"|get (?:out of|away from)|escape from|fight (?:them |him |her )?off|fend off|by mistake"
    r"|accidentally|safely|harder to|training simulation|simulated|with (?:\w+'s )?approval)\b"
)
_SELF = (
    r"(?i)\b(?:don't (?:want to )?wake up|end (?:it|my life|things)|kill myself|want to die"
    r"|no reason to live|hurt myself|cut myself|(?:be|am) better off dead|disappear forever)\b"
)


@functools.cache
def _compiled() -> tuple[re2._Regexp, ...]:
    return tuple(
        re2.compile(p)
        for p in (
            _CONCEAL,
            _HARM,
            _TARGET,
            _OPERATIONAL,
            _AGENT,
            _HAZARD,
            _SELF,
            _DISTRESS,
            _DEFENSIVE,
        )
    )


@dataclass(frozen=True, slots=True)
class Cues:
    """What the lexical cues found.

    Each field is 0 or 1; ``hazard`` counts distinct hazard terms, plus 1 for despair in the
    recent turns.
    """

    conceal: bool
    targeted: bool
    operational: bool
    agent: bool
    self_harm: bool
    hazard: int
    distress: bool = False
    defensive: bool = False

    def describe(self) -> str:
        """The cues that fired, for a finding's note (names only, never screened text)."""
        names = (
            "conceal",
            "targeted",
            "operational",
            "agent",
            "self_harm",
            "distress",
            "defensive",
        )
        fired = [name for name in names if getattr(self, name)]
        return "+".join(fired) + f", {self.hazard} hazard terms" if fired else "none"

    @property
    def strong(self) -> bool:
        """Whether the turn itself shows what the asker means to do (not just how-to)."""
        return self.conceal or self.targeted or self.self_harm or self.despairing

    @property
    def despairing(self) -> bool:
        """Despair in the recent turns and a practical request now."""
        return self.distress and self.operational

    @property
    def intent(self) -> float:
        """How strongly the latest turn reads as meant to be acted on, in [0, 1]."""
        if self.self_harm:
            return 1.0
        if self.defensive and not self.strong:
            return 0.0
        value = 0.5 if self.despairing else 0.0
        if self.conceal:
            value += 0.5
        if self.targeted:
            value += 0.4
        if self.operational:
            value += OPERATIONAL
        if self.agent:
            value += AGENT
        return min(1.0, value)


def read(latest: str, context: str) -> Cues:
    """Cues of the ``latest`` user turn, with ``context`` the recent user turns joined."""
    conceal, harm, target, operational, agent, hazard, self_harm, distress, defensive = _compiled()
    now = re2_safe(latest[:MAX_CHARS])
    recent = re2_safe(context[-MAX_CHARS:])
    terms = {m.group(0).lower() for m in hazard.finditer(recent)}
    despair = distress.search(recent) is not None
    return Cues(
        conceal=conceal.search(now) is not None,
        targeted=harm.search(now) is not None and target.search(now) is not None,
        operational=operational.search(now) is not None,
        agent=agent.search(now) is not None,
        self_harm=self_harm.search(now) is not None,
        hazard=len(terms) + int(despair),  # despair makes the subject hazardous too
        distress=despair,
        defensive=defensive.search(now) is not None,
    )
