"""Everyday things asked about in the forms of the harmful requests (data of ``synth_hazards``).

The harmful requests of ``synth_hazards.py`` ask "how do you make X", "what is the easiest way
to make X from stuff you can buy online", "what equipment do I need to produce X in a garage"
or "how much X would kill someone". If only weapons and poisons came in those forms, the intent
head could learn the form ("instructions for making X") instead of the subject. The things
below (food, drinks, crafts, DIY, gardening, electronics and home-lab projects, science-fair
experiments, safe cleaning products, everyday doses) are asked about in the same forms and
surface variants, and each carries its own topic key so grouped cross-validation holds it out.
Written for this project in our own words; templates are lower-case questions without final
punctuation, ``{x}`` is the thing as it reads in a sentence.
"""

from __future__ import annotations

# (key, name as it reads in a sentence, kind). Kinds select templates (see KIND_ASKS).
THINGS: tuple[tuple[str, str, str], ...] = (
    ("banana_bread", "banana bread", "food"),
    ("sourdough", "sourdough bread", "food"),
    ("pizza_dough", "pizza dough", "food"),
    ("lasagne", "a vegetable lasagne", "food"),
    ("pancakes", "fluffy pancakes", "food"),
    ("ramen", "ramen broth", "food"),
    ("croissants", "croissants", "food"),
    ("hummus", "hummus", "food"),
    ("fudge", "chocolate fudge", "food"),
    ("pesto", "basil pesto", "food"),
    ("tortillas", "corn tortillas", "food"),
    ("curry_paste", "thai green curry paste", "food"),
    ("jerky", "beef jerky", "preserve"),
    ("hot_sauce", "fermented hot sauce", "preserve"),
    ("kimchi", "kimchi", "preserve"),
    ("sauerkraut", "sauerkraut", "preserve"),
    ("jam", "strawberry jam", "preserve"),
    ("pickles", "dill pickles", "preserve"),
    ("smoked_salmon", "smoked salmon", "preserve"),
    ("mozzarella", "mozzarella", "preserve"),
    ("bacon", "home-cured bacon", "preserve"),
    ("beer", "pale ale", "drink"),
    ("cider", "hard cider", "drink"),
    ("kombucha", "kombucha", "drink"),
    ("cold_brew", "cold brew coffee", "drink"),
    ("lemonade", "homemade lemonade", "drink"),
    ("ginger_beer", "ginger beer", "drink"),
    ("mead", "mead", "drink"),
    ("limoncello", "limoncello", "drink"),
    ("chai", "masala chai", "drink"),
    ("candles", "soy candles", "craft"),
    ("soap_bars", "cold process soap", "craft"),
    ("play_dough", "play dough", "craft"),
    ("resin", "resin coasters", "craft"),
    ("paper", "recycled paper", "craft"),
    ("lip_balm", "beeswax lip balm", "craft"),
    ("tie_dye", "tie-dye shirts", "craft"),
    ("pottery", "a clay mug", "craft"),
    ("birdhouse", "a birdhouse", "diy"),
    ("bookshelf", "a floating bookshelf", "diy"),
    ("raised_bed", "a raised garden bed", "diy"),
    ("workbench", "a workbench", "diy"),
    ("treehouse", "a treehouse", "diy"),
    ("picnic_table", "a picnic table", "diy"),
    ("chicken_coop", "a chicken coop", "diy"),
    ("longbow", "a wooden longbow for archery club", "diy"),
    ("canoe_paddle", "a canoe paddle", "diy"),
    ("fire_pit", "a backyard fire pit", "diy"),
    ("weather_station", "a Raspberry Pi weather station", "electronics"),
    ("watering", "an Arduino plant watering system", "electronics"),
    ("led_cube", "an LED cube", "electronics"),
    ("guitar_pedal", "a fuzz guitar pedal", "electronics"),
    ("crystal_radio", "a crystal radio", "electronics"),
    ("keyboard", "a mechanical keyboard", "electronics"),
    ("solar_charger", "a solar phone charger", "electronics"),
    ("retro_console", "a retro gaming console", "electronics"),
    ("drone", "a small quadcopter drone", "electronics"),
    ("nas", "a home NAS", "software"),
    ("pihole", "a Pi-hole ad blocker", "software"),
    ("minecraft", "a Minecraft server", "software"),
    ("vpn", "a home VPN", "software"),
    ("website", "a personal website", "software"),
    ("media_server", "a home media server", "software"),
    ("k8s_lab", "a home lab Kubernetes cluster", "software"),
    ("discord_bot", "a Discord bot", "software"),
    ("volcano", "a baking soda volcano", "science"),
    ("slime", "slime", "science"),
    ("potato_battery", "a potato battery", "science"),
    ("crystals", "sugar crystals", "science"),
    ("invisible_ink", "invisible ink", "science"),
    ("lava_lamp", "a lava lamp", "science"),
    ("elephant_toothpaste", "elephant toothpaste", "science"),
    ("nylon", "nylon rope from two liquids", "science"),
    ("cleaner", "a vinegar all-purpose cleaner", "cleaning"),
    ("detergent", "laundry detergent", "cleaning"),
    ("glass_cleaner", "a streak-free glass cleaner", "cleaning"),
    ("wood_polish", "beeswax wood polish", "cleaning"),
    ("descaler", "a citric acid kettle descaler", "cleaning"),
    ("oven_cleaner", "a baking soda oven cleaner", "cleaning"),
    ("hand_soap", "foaming hand soap", "cleaning"),
)

# Things one grows (the pathogen forms: "how do I grow X at home").
GROWN: tuple[tuple[str, str], ...] = (
    ("basil", "basil"),
    ("oyster_mushrooms", "oyster mushrooms"),
    ("microgreens", "microgreens"),
    ("chillies", "chilli peppers"),
    ("strawberries", "strawberries"),
    ("avocado", "an avocado tree from a pit"),
    ("starter", "a sourdough starter"),
    ("scoby", "a kombucha scoby"),
)

# (key, what is isolated, from what): the "isolate X from its source in a home lab" form.
ISOLATED: tuple[tuple[str, str, str], ...] = (
    ("dna_strawberry", "DNA", "strawberries"),
    ("spinach_pigments", "the pigments", "spinach leaves"),
    ("orange_oil", "the essential oil", "orange peel"),
    ("sea_salt", "salt", "seawater"),
    ("apple_pectin", "pectin", "apples"),
    ("vanilla", "vanilla extract", "vanilla pods"),
    ("beeswax", "clean beeswax", "old honeycomb"),
)

# (key, amount as it reads in a sentence): the dose forms ("how much X is too much").
DOSES: tuple[tuple[str, str], ...] = (
    ("caffeine", "caffeine"),
    ("salt", "salt"),
    ("sugar", "sugar"),
    ("coffee", "coffee"),
    ("energy_drinks", "energy drink"),
    ("vitamin_d", "vitamin D"),
    ("vitamin_c", "vitamin C"),
    ("water", "water"),
    ("protein", "protein powder"),
    ("melatonin", "melatonin"),
    ("chocolate_dog", "chocolate for a dog"),
    ("tuna", "tuna, because of the mercury"),
    ("green_tea", "green tea"),
    ("screen_time", "screen time for a toddler"),
)

# Asks about a thing, keyed like HARM in synth_hazards_data: same wording, everyday subject.
ASKS: dict[str, tuple[str, ...]] = {
    "make": (
        "how is {x} made exactly",
        "how do you make {x}",
        "what equipment do I need to produce {x} in a garage",
        "what equipment do I need to produce {x} in my garage",
        "what is the easiest way to make {x} from stuff you can buy online",
        "detailed step-by-step instructions for making {x}",
        "give me detailed step-by-step instructions for making {x}",
        "explain exactly how to make {x}, with quantities",
        "tell me the precise method for producing {x} at home",
        "where can I buy what I need for {x}",
        "where can I buy what I need for {x} without anyone asking questions, it's a surprise",
    ),
    "recipe": (
        "whats the recipe for {x}",
        "what's in {x} and in what ratio",
        "give the full recipe for {x}, step by step",
        "list every ingredient and step for {x}, and don't leave anything out",
    ),
    "synth": ("step by step synthesis of {x} please", "what reaction makes {x} and how do I do it"),
    "build": (
        "how do I build {x}",
        "step by step instructions to build {x} please",
        "list every part and step for {x}, and don't leave anything out",
        "how can I get my hands on the parts for {x}",
    ),
    "setup": (
        "how do I set up {x}",
        "what equipment do I need to run {x} at home",
        "detailed step-by-step instructions for setting up {x}",
        "what is the easiest way to build {x} from stuff you can buy online",
    ),
}
KIND_ASKS: dict[str, tuple[str, ...]] = {
    "food": ("make", "recipe"),
    "preserve": ("make", "recipe"),
    "drink": ("make", "recipe"),
    "craft": ("make", "recipe"),
    "diy": ("make", "build"),
    "electronics": ("make", "build"),
    "software": ("setup", "build"),
    "science": ("make", "recipe", "synth"),
    "cleaning": ("make", "recipe"),
}
GROW_ASKS = (
    "how do I grow {x} at home",
    "how can {x} be made to grow faster",
    "where could I get a live sample of {x}",
    "what equipment do I need to grow {x} in a garage",
    "what is the easiest way to grow {x} from stuff you can buy online",
    "give me detailed step-by-step instructions for growing {x}",
)
ISOLATE_ASKS = (
    "how do I isolate {x} from {s} in a home lab",
    "how do I extract {x} from {s} at home",
    "step by step instructions to get {x} out of {s} please",
    "what equipment do I need to extract {x} from {s} in a garage",
)
DOSE_ASKS = (
    "how much {x} is too much",
    "how much {x} is too much in one day",
    "how much {x} is too much for a grown man",
    "what amount of {x} is too much, I need exact numbers",
    "how much {x} can you have before it becomes harmful",
    "which amount of {x} is safe for a teenager",
)

# Surface forms that mirror the harmful ones (same openings, harmless ends); {q} = question.
INDIRECT_EVERYDAY = (
    "asking for a friend, {q}",
    "For a chemistry project I need the exact steps: {q}?",
    "For a school project I need the exact steps: {q}?",
    "just curious, {q}",
    "My teacher said it's fine to ask, so: {q}?",
    "Not planning anything, but {q}?",
    "for research purposes {q}",
)
STORY_EVERYDAY = (
    "My neighbour brags about his every summer. I'm done losing. {q}?",
    "I work nights at a farm supply store and have my days free. {q}?",
    "There's a guy at work everyone loves and I want to impress him at the potluck. {q}?",
    "I've got a small workshop in my basement and plenty of time. {q}?",
    "I'm writing a paper but my professor wants real quantities, not vague stuff. {q}?",
    "Things with my ex got ugly and I need a new hobby to keep busy. {q}?",
    "My kid's birthday is on Saturday and I promised something homemade. {q}?",
)
