"""Hand gold annotation of articles/01.txt (evaluation set; see docs/extraction.md)."""
from common import *
RU = P("Russia", "State", "Q159", ["Moscow", "Russian Federation"])
UA = P("Ukraine", "State", "Q212", ["Kyiv"])
US = P("United States", "State", "Q30", ["Washington", "U.S.", "US", "USA", "American"])
d = {
 "actors": [
  P("Marco Rubio", "Person", None, ["Rubio", "U.S. Secretary of State Marco Rubio"]),
  P("Andriy Yermak", "Person", None, ["Yermak", "Andrii Yermak"]),
  P("Volodymyr Zelensky", "Person", "Q3874799", ["Zelenskyy", "Volodymyr Zelenskyy", "Zelensky", "the Ukrainian leader", "President Volodymyr Zelensky"]),
  P("Donald Trump", "Person", "Q22686", ["Trump", "the U.S. president"]),
  P("Rustem Umerov", "Person", None, ["Umerov"]),
  P("Dmitry Peskov", "Person", None, ["Peskov", "Kremlin spokesman Dmitry Peskov"]),
  P("Kremlin", "Organization", None, ["the Kremlin"]),
  RU, UA, US,
  P("G20", "Organization", None, ["Group of Twenty"]),
 ],
 "optional_actors": [
  P("Telegram", "Organization"), P("White House", "Organization", None, ["the White House"]),
  P("Verkhovna Rada", "Organization", None, ["Ukrainian parliament", "the Ukrainian parliament"]),
  P("Armed Forces of Ukraine", "MilitaryUnit", None, ["Ukraine's army", "Ukrainian army"]),
  P("Office of the President of Ukraine", "Organization", None, ["presidential office"]),
 ],
 "locations": [
  P("Geneva", "City"), P("Ukraine", "Country", "Q212"), P("United States", "Country", "Q30", ["U.S.", "US", "USA"]),
  P("Russia", "Country", "Q159"), P("Moscow", "City", "Q649"), P("Kyiv", "City"),
  P("Washington", "City", None, ["Washington, D.C."]), P("Donbas", "Region", None, ["Donbass"]),
  P("Johannesburg", "City"),
 ],
 "optional_locations": [P("White House", "City"), P("Europe", "Region", None, ["European"])],
 "statements": [
  S("Marco Rubio", "hails", False, "Rubio hails “tremendous progress” in Geneva talks", [], ["Geneva"], "assessment"),
  S("Marco Rubio", "said", False, "U.S. Secretary of State Marco Rubio said on Sunday that talks with a Ukrainian delegation in Geneva had made “tremendous progress” on the American peace plan.", [], ["Geneva"], "assessment"),
  S("Marco Rubio", "told", True, "“We feel very good about where we are today,” Rubio told reporters after the meeting.", [], [], "assessment"),
  S("Marco Rubio", "(continuation of 'Rubio told')", True, "“The remaining issues are not insurmountable.”", [], [], "assessment"),
  S("Andriy Yermak", "wrote", False, "Yermak wrote on Telegram that the two sides had produced an updated draft of the framework.", [], [], "claim"),
  S("Andriy Yermak", "added", False, "He added that the final decisions would be taken by the presidents.", [], [], "claim"),
  S("Volodymyr Zelensky", "said", False, "In his nightly address, the Ukrainian leader said Kyiv would not accept any document that “rewards the aggressor”.", ["Ukraine", "Russia"], [], "denial"),
  S("Volodymyr Zelensky", "said", False, "He said that Trump had assured him in a phone call that the United States would not force Ukraine to give up territory.", ["Donald Trump", "United States", "Ukraine"], [], "claim"),
  S("Donald Trump", "has given ... until", False, "Donald Trump has given Ukraine until Thursday to respond to the plan.", ["Ukraine"], [], "deadline"),
  S("Donald Trump", "said ... warned", False, "Speaking at the White House, the U.S. president said he would be “very happy” with a deal but warned that Washington could cut intelligence sharing if Kyiv walked away.", ["United States", "Ukraine"], [], "threat"),
  S("Donald Trump", "said", True, "“They have to love it, or they have to keep fighting their little hearts out,” Trump said.", [], [], "threat"),
  S("Rustem Umerov", "told", False, "Zelenskyy’s chief negotiator, Rustem Umerov, told the Ukrainian parliament that the delegation had not agreed to any withdrawal from Donbas.", [], ["Donbas"], "denial"),
  S("Rustem Umerov", "according to", False, "According to Umerov, the most sensitive points, including the size of Ukraine’s army, remain open.", ["Ukraine"], [], "claim"),
  S("Kremlin", "said", False, "The Kremlin said it had not received the updated text.", [], [], "claim"),
  S("Dmitry Peskov", "told ... insisted", False, "Kremlin spokesman Dmitry Peskov told journalists that Moscow would study any proposal “with interest”, but insisted that Russia’s position had not changed.", ["Russia"], [], "claim"),
 ],
 "optional_statements": [
  O("Donald Trump", "He said that Trump had assured him in a phone call that the United States would not force Ukraine to give up territory.", "claim", "nested: Trump's assurance reported by Zelensky"),
  O(None, "European leaders, meeting on the sidelines of the G20 summit in Johannesburg, called for a ceasefire along the current front line.", "demand", "non-specific speaker ('European leaders')"),
  O("Volodymyr Zelensky", "President Volodymyr Zelensky struck a more cautious tone.", "other", "characterisation without content"),
 ],
 "negotiations": [
  {"name": "Geneva talks on the U.S. peace plan", "parties": ["United States", "Ukraine"], "aliases": ["Geneva talks", "talks with a Ukrainian delegation in Geneva", "the meeting"]},
 ],
}
write("01", d)
