"""Hand gold annotation of articles/03.txt (evaluation set; see docs/extraction.md)."""
from common import *
d = {
 "actors": [
  P("Kremlin", "Organization", None, ["the Kremlin"]),
  P("Russia", "State", "Q159", ["Moscow", "Russian Federation"]),
  P("Ukraine", "State", "Q212", ["Kyiv"]),
  P("TASS", "Organization", None, ["the state news agency TASS"]),
  P("Yuri Ushakov", "Person", None, ["Ushakov", "Kremlin aide Yuri Ushakov"]),
  P("Vladimir Putin", "Person", "Q7747", ["Putin"]),
  P("United States", "State", "Q30", ["U.S.", "US", "Washington", "American"]),
  P("Sergei Lavrov", "Person", None, ["Lavrov", "the Russian foreign minister", "Sergey Lavrov"]),
  P("Dmitry Peskov", "Person", None, ["Peskov"]),
  P("Steve Witkoff", "Person", None, ["Witkoff", "Steven Witkoff"]),
  P("Kirill Dmitriev", "Person", None, ["Dmitriev"]),
  P("Russian Direct Investment Fund", "Organization", None, ["RDIF"]),
  P("Donald Trump", "Person", "Q22686", ["Trump"]),
  P("Andrii Sybiha", "Person", None, ["Sybiha", "Andriy Sybiha"]),
 ],
 "optional_actors": [
  P("Europe", "Organization", None, ["European governments", "European Union"]),
  P("X", "Organization"),
  P("Armed Forces of Ukraine", "MilitaryUnit", None, ["Ukrainian forces"]),
 ],
 "locations": [
  P("Donbas", "Region", None, ["Donbass"]),
  P("Donetsk region", "Region", None, ["Donetsk Oblast", "Donetsk"]),
  P("Luhansk region", "Region", None, ["Luhansk Oblast", "Luhansk", "Lugansk"]),
  P("Minsk", "City"), P("Ukraine", "Country", "Q212"), P("Moscow", "City", "Q649"), P("Kyiv", "City"),
 ],
 "optional_locations": [P("United States", "Country", "Q30", ["U.S."]), P("Europe", "Region"), P("Russia", "Country", "Q159")],
 "statements": [
  S("Kremlin", "says", False, "Kremlin says Ukraine must leave Donbas before any ceasefire — TASS", ["Ukraine"], ["Donbas"], "demand"),
  S("Yuri Ushakov", "said", False, "Moscow insists that any ceasefire requires Ukrainian forces to withdraw from the parts of the Donetsk and Luhansk regions they still hold, Kremlin aide Yuri Ushakov said on Wednesday, according to the state news agency TASS.", ["Russia"], ["Donetsk region", "Luhansk region"], "demand"),
  S("Yuri Ushakov", "said", False, "Ushakov, who advises Vladimir Putin on foreign policy, said the Kremlin had received the outline of the U.S. plan through “unofficial channels” and that some of its provisions “could be taken as a basis”.", ["Kremlin", "United States"], [], "claim"),
  S("Yuri Ushakov", "stressed", False, "But he stressed that the document in its current form did not address “the root causes of the conflict”.", [], [], "assessment"),
  S("Sergei Lavrov", "accused", False, "Speaking at a press conference in Minsk, Lavrov accused European governments of trying to “sabotage” the American initiative.", [], [], "assessment"),
  S("Sergei Lavrov", "he said", True, "“If Europe wants to keep this war going, it will bear the responsibility,” he said.", [], [], "threat"),
  S("Sergei Lavrov", "said", False, "The Russian foreign minister also said that Moscow would not accept the deployment of any European troops in Ukraine after a settlement, calling such plans “absolutely unacceptable”.", ["Russia", "Ukraine"], ["Ukraine"], "denial"),
  S("Dmitry Peskov", "said", False, "Kremlin spokesman Dmitry Peskov said later that Putin was ready to meet U.S. envoy Steve Witkoff in Moscow next week.", ["Vladimir Putin", "Steve Witkoff"], ["Moscow"], "claim"),
  S("Dmitry Peskov", "added", False, "Peskov added that it was “premature” to talk about a summit between Putin and Donald Trump.", ["Vladimir Putin", "Donald Trump"], [], "assessment"),
  S("Kirill Dmitriev", "wrote", True, "Kirill Dmitriev, the head of the Russian Direct Investment Fund, who has been in contact with Witkoff since the spring, wrote on X that “a peaceful outcome is closer than ever”.", [], [], "prediction"),
  S("Andrii Sybiha", "said", False, "In Kyiv, Foreign Minister Andrii Sybiha said Ukraine would never recognise the occupied territories as Russian.", ["Ukraine", "Russia"], [], "denial"),
  S("Andrii Sybiha", "told", True, "“We will not trade our land for promises,” Sybiha told reporters, adding that Ukraine expected its partners to increase pressure on Moscow.", ["Ukraine", "Russia"], [], "denial"),
 ],
 "optional_statements": [
  O("Russia", "Moscow insists that any ceasefire requires Ukrainian forces to withdraw from the parts of the Donetsk and Luhansk regions they still hold, Kremlin aide Yuri Ushakov said on Wednesday, according to the state news agency TASS.", "demand", "nested: Moscow's position reported by Ushakov"),
  O("TASS", "Moscow insists that any ceasefire requires Ukrainian forces to withdraw from the parts of the Donetsk and Luhansk regions they still hold, Kremlin aide Yuri Ushakov said on Wednesday, according to the state news agency TASS.", "demand", "outlet attribution"),
  O("Dmitry Peskov", "He declined to say whether the talks would include Ukrainian officials.", "other", "refusal to comment"),
  O("Sergei Lavrov", "Foreign Minister Sergei Lavrov was blunter.", "other", "characterisation without content"),
  O("Ukraine", "“We will not trade our land for promises,” Sybiha told reporters, adding that Ukraine expected its partners to increase pressure on Moscow.", "demand", "nested: Ukraine's expectation reported by Sybiha (added after the first extraction run: the guideline makes nested statements optional)"),
 ],
 "negotiations": [
  {"name": "Putin–Witkoff talks in Moscow", "parties": ["Russia", "United States"], "aliases": ["the talks"]},
 ],
}
write("03", d)
