#!/usr/bin/env python3
"""Mutation test of `manualgen check flows` (issue 15): does the harness stop a manual that is wrong?

It makes single changes to a copy of the project as it is — the prose in content/, the flow
structure, the organisations' notes in site-config.json and the labels in locales/ — each by a
generic operator of one of the issue's classes, and runs the real binary on each: `check flows`,
then `build`. A wrong change is caught when check flows exits 1 or 2 or the build exits 2. It also
makes neutral rewordings that keep every fact; those must pass both (a false alarm otherwise).
A change to the prose after which the built site is the same as before (a sentence in a conditional
span or a part no organisation's policy shows) makes no manual wrong or different, so it is not
counted: the generator itself decides what each reader gets.

The operators read the files as they are (a new step, label or note is mutated like the old ones);
the choice among the candidates is seeded, so a run is repeatable. Prints the catch rate per class,
every miss and every false alarm; exits 1 below --min-caught or above one false alarm per
--neutral-per-alarm neutral changes.

Usage: mutation_test.py --binary build/generator/manualgen --source . [--seed 15] [--per-class 40]
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

PROJECT_PARTS = ["content", "locales", "themes", "assets", "site-config.json"]
LOCALES = ["nl", "en"]

# Words the operators use to find what a class is about. They are the generator's own, kept apart
# from the checker's vocabulary on purpose: the test must not find only what the checker looks for.
NEGATION = {"nl": [" niet", " geen"], "en": [" not", " no", "Do not ", "do not "]}
NUMBER_WORDS = {
    "nl": {5: "vijf", 8: "acht", 10: "tien", 12: "twaalf", 14: "veertien", 16: "zestien"},
    "en": {5: "five", 8: "eight", 10: "ten", 12: "twelve", 14: "fourteen", 16: "sixteen"},
}
MADE_UP_BUTTONS = {"nl": ["Doorgaan", "Verzenden", "Bevestigen"], "en": ["Continue", "Send", "Confirm"]}
NOTE_CLAIMS = {
    "nl": ["Je nieuwe wachtwoord moet minstens {length} tekens hebben.",
           "Na {attempts} verkeerde pogingen wordt je account geblokkeerd.",
           "Let op: de tekens in de afbeelding zijn hoofdlettergevoelig.",
           "De code komt op je werkmail.",
           "Neem de oproep aan en druk op * (sterretje)."],
    "en": ["Your new password must be at least {length} characters long.",
           "After {attempts} wrong attempts your account is locked.",
           "Note: the characters in the picture are case-sensitive.",
           "The code is sent to your work mailbox.",
           "Answer the call and press * (the star key)."],
}
CASE_CLAIMS = {"nl": "De tekens zijn hoofdlettergevoelig.", "en": "These characters are case-sensitive."}
NEUTRAL_SENTENCES = {"nl": ["Neem hier rustig de tijd.", "Dit duurt meestal maar even."],
                     "en": ["Take your time here.", "This usually takes only a moment."]}
TRUE_MAXIMUM = {"nl": "Het wachtwoord mag tot 256 tekens lang zijn.",
                "en": "It may be up to 256 characters long."}
NEUTRAL_SWAPS = {
    "nl": [("Kies ", "Selecteer "), ("Klik op {{", "Klik daarna op {{"), ("klik op {{", "klik dan op {{"),
           ("minstens ", "ten minste "), ("druk op # (hekje)", "druk op het hekje (#)"), (" tekens lang", " karakters lang"),
           ("zes of acht cijfers", "6 of 8 cijfers"), ("Typ ", "Tik "), ("Houd je telefoon bij de hand.",
                                                                         "Zorg dat je telefoon in de buurt is.")],
    "en": [("Choose ", "Select "), ("Click {{", "Then click {{"), ("click {{", "then click {{"),
           ("at least ", "a minimum of "), ("press # (the hash key)", "press the hash key (#)"),
           (" characters long", " chars long"), ("six or eight digits", "6 or 8 digits"),
           ("Keep your phone at hand.", "Keep your phone nearby.")],
}


class Project:
    """The files the operators change, as text, and what they need to know of their structure."""

    def __init__(self, root):
        self.root = root
        self.files = {}
        for part in ["content", "locales"]:
            for folder, _, names in sorted(os.walk(os.path.join(root, part))):
                for name in sorted(names):
                    if name.endswith((".md", ".json")):
                        path = os.path.join(folder, name)
                        self.files[os.path.relpath(path, root)] = open(path, encoding="utf-8").read()
        self.files["site-config.json"] = open(os.path.join(root, "site-config.json"), encoding="utf-8").read()
        self.config = json.loads(self.files["site-config.json"])
        self.flows = {f: json.loads(self.files[f"content/flows/{f}.json"]) for f in ["register", "reset", "unlock", "change"]}
        self.screens = self._screens()

    def _screens(self):
        states = {}
        for rel, text in sorted(self.files.items()):
            if rel.startswith("content/screens/") and rel.endswith(".json"):
                states.update(json.loads(text).get("states", {}))
        return states

    def ui(self, locale):
        return json.loads(self.files[f"locales/{locale}/ui.json"])

    def parts(self, flow):
        """(id, screens) of every step, choice and tip of a flow; a choice or tip adds its step's screens."""
        for step in self.flows[flow]["steps"]:
            yield step["id"], step.get("screens", []), step.get("prose_from", flow)
            for sub in step.get("choices", []) + step.get("tips", []):
                yield sub["id"], sub.get("screens", []) + step.get("screens", []), step.get("prose_from", flow)

    def publishes(self, org, flow):
        flows = org.get("flows", ["register", "reset", "unlock", "change"])
        return flow in flows and (flow != "unlock" or org["policy"].get("unlock", False))

    def element(self, screens, key):
        """The element `key` resolves to on the first of `screens` that has it, with its screen."""
        for s in screens:
            for e in self.screens.get(s, {}).get("elements", []):
                if e.get("label") == key:
                    return s, e
        return None, None


def sections(text):
    """(id, start, end) of every `## [id]` / `### [id]` section's body in a prose file."""
    heads = [(m.group(1), m.start(), m.end()) for m in re.finditer(r"^#{2,3} \[([a-z0-9-]+)\][^\n]*\n", text, re.M)]
    for i, (sid, _, body) in enumerate(heads):
        yield sid, body, heads[i + 1][1] if i + 1 < len(heads) else len(text)


def replace_at(text, start, old, new):
    assert text[start:start + len(old)] == old
    return text[:start] + new + text[start + len(old):]


def occurrences(text, needle):
    pos = text.find(needle)
    while pos >= 0:
        yield pos
        pos = text.find(needle, pos + 1)


def sentences(body):
    """(start, sentence) of each sentence of a section body, list markers left out."""
    for m in re.finditer(r"(?:[^\n.?!]|[.?!](?=\S))+[.?!](?=\s|$)", body):
        s = m.group(0)
        lead = len(s) - len(s.lstrip(" 0123456789.-"))
        if s.strip(" 0123456789.-"):
            yield m.start() + lead, s[lead:]


class Mutations:
    def __init__(self, project):
        self.p = project
        self.wrong = {}  # class → [(what, {file: text})]
        self.neutral = []

    def add(self, cls, what, changes):
        """A wrong change; whether a reader sees it is known only once it is built (see `run`)."""
        self.wrong.setdefault(cls, []).append((what, changes))

    def prose_files(self):
        for rel in sorted(self.p.files):
            m = re.match(r"content/(nl|en)/([a-z]+)\.md$", rel)
            if m:
                yield rel, m.group(1), m.group(2)

    def section_text(self, locale, flow, sid):
        rel = f"content/{locale}/{flow}.md"
        text = self.p.files[rel]
        for s, start, end in sections(text):
            if s == sid:
                return rel, text, start, end
        return rel, text, None, None

    # Class 1: a label of the step's screen that does something else ("klik op {{ui.cancel}}").
    def actions(self):
        for flow in self.p.flows:
            for pid, screens, prose_flow in self.p.parts(flow):
                if prose_flow != flow:
                    continue
                for locale in LOCALES:
                    rel, text, start, end = self.section_text(locale, flow, pid)
                    if start is None:
                        continue
                    for m in re.finditer(r"\{\{ui\.([a-z0-9-]+)\}\}", text[start:end]):
                        screen, e = self.p.element(screens, m.group(1))
                        if not e or e["kind"] not in ("button", "link", "option"):
                            continue
                        for other in self.p.screens[screen]["elements"]:
                            if (other.get("label") and other["label"] != e["label"]
                                    and other["kind"] in ("button", "link", "option")
                                    and (other.get("to"), other.get("flow")) != (e.get("to"), e.get("flow"))):
                                new = replace_at(text, start + m.start(), m.group(0), "{{ui.%s}}" % other["label"])
                                self.add("1 actions", f"{rel} [{pid}] {m.group(1)} -> {other['label']}", {rel: new})

    # Class 2: the number of verifications in words, a tip's condition dropped.
    def verification_count(self):
        for flow in ["reset", "unlock"]:
            rel = f"content/flows/{flow}.json"
            for when in [', "when": ["required:1"]', ', "when": ["required:2"]']:
                count = int(when[-3])
                if not any(self.p.publishes(o, flow) and o["policy"].get("methods_required", 1) != count
                           for o in self.p.config["organisations"]):
                    continue
                for pos in occurrences(self.p.files[rel], when):
                    new = replace_at(self.p.files[rel], pos, when, "")
                    self.add("2 verification count", f"{rel}: condition{when[1:]} dropped at {pos}", {rel: new})
        swaps = {"nl": [("één controle", "twee controles"), ("twee controles", "één controle"),
                        ("andere methode", "dezelfde methode"), ("als één methode", "als twee methoden"),
                        ("als dezelfde methode", "als twee methoden")],
                 "en": [("one check", "two checks"), ("two checks", "one check"),
                        ("a different method", "the same method"), ("as one method", "as two methods"),
                        ("as the same method", "as two methods")]}
        for rel, locale, flow in self.prose_files():
            for old, new in swaps[locale]:
                for pos in occurrences(self.p.files[rel], old):
                    self.add("2 verification count", f"{rel}: {old} -> {new}",
                             {rel: replace_at(self.p.files[rel], pos, old, new)})
        # The first sentence of a tip for one number of methods, written into its step for everyone.
        for flow in ["reset"]:
            for step in self.p.flows[flow]["steps"]:
                for tip in step.get("tips", []):
                    counts = [int(w.partition(":")[2]) for w in tip.get("when", []) if w.startswith("required:")]
                    if not counts:
                        continue
                    others = [o for o in self.p.config["organisations"] if self.p.publishes(o, flow)
                              and o["policy"].get("methods_required", 1) not in counts]
                    for locale in [loc for loc in LOCALES if any(loc in o["locales"] for o in others)]:
                        rel, text, tstart, tend = self.section_text(locale, flow, tip["id"])
                        _, _, sstart, send = self.section_text(locale, flow, step["id"])
                        first = next(sentences(text[tstart:tend]), None)
                        if first and sstart is not None:
                            insert = text.rfind("\n\n", sstart, send)
                            new = text[:insert] + "\n\n" + first[1].strip() + text[insert:]
                            self.add("2 verification count", f"{rel}: tip {tip['id']} into step {step['id']}", {rel: new})

    # Class 3: a step repeated, a step left out, registration no longer saying how many methods.
    def steps(self):
        for flow, structure in self.p.flows.items():
            for i, step in enumerate(structure["steps"]):
                if not step.get("screens") or step.get("prose_from"):
                    continue
                self.step_removed(flow, structure, i, step)
                self.step_repeated(flow, structure, i, step)
        for locale in LOCALES:
            rel = f"content/{locale}/register.md"
            for start, s in sentences(self.p.files[rel]):
                if "{{policy.methods-required}}" in s:
                    self.add("3 steps", f"{rel}: the methods-required sentence removed",
                             {rel: replace_at(self.p.files[rel], start, s, "")})

    def step_removed(self, flow, structure, i, step):
        changed = json.loads(json.dumps(structure))
        del changed["steps"][i]
        changes = {f"content/flows/{flow}.json": json.dumps(changed, indent=2)}
        for locale in LOCALES:
            rel, text, start, end = self.section_text(locale, flow, step["id"])
            if start is None:
                return
            head = text.rfind("\n## ", 0, start) + 1
            end = text.find("\n## ", start)
            changes[rel] = text[:head] + (text[end + 1:] if end >= 0 else "")
        notes_ok = all(n.get("step") != step["id"] for o in self.p.config["organisations"] for n in o.get("notes", []))
        if notes_ok:
            self.add("3 steps", f"{flow}: step {step['id']} removed", changes)

    def step_repeated(self, flow, structure, i, step):
        if step.get("choices") or step.get("tips"):
            return
        changed = json.loads(json.dumps(structure))
        again = dict(step, id=step["id"] + "-again")
        changed["steps"].insert(i + 1, again)
        changes = {f"content/flows/{flow}.json": json.dumps(changed, indent=2)}
        for locale in LOCALES:
            rel, text, start, end = self.section_text(locale, flow, step["id"])
            head = text.rfind("\n## ", 0, start) + 1
            block = text[head:end]
            copy = block.replace(f"[{step['id']}]", f"[{again['id']}]", 1)
            changes[rel] = text[:end] + ("\n" if not text[:end].endswith("\n\n") else "") + copy + text[end:]
        self.add("3 steps", f"{flow}: step {step['id']} repeated", changes)

    # Class 4: the organisations' notes and licence notes stating something false.
    def notes(self):
        text = self.p.files["site-config.json"]
        for i, org in enumerate(self.p.config["organisations"]):
            policy = org["policy"]
            values = {"length": 8 if policy["min_password_length"] != 8 else 12,
                      "attempts": policy.get("lockout_threshold", 3) + 2}
            texts = [n["text"] for n in org.get("notes", [])] + ([org["licence_note"]] if "licence_note" in org else [])
            for localized in texts:
                for locale, note in sorted(localized.items()):
                    for claim in NOTE_CLAIMS[locale]:
                        pos = text.find(json.dumps(note, ensure_ascii=False)[1:-1])
                        assert pos >= 0
                        sentence = " " + claim.format(**values)
                        new = text[:pos + len(json.dumps(note, ensure_ascii=False)) - 2] + sentence + \
                            text[pos + len(json.dumps(note, ensure_ascii=False)) - 2:]
                        self.add("4 notes", f"org {org['id']} note ({locale}): + {sentence.strip()}",
                                 {"site-config.json": new})
            for claim_index in range(len(NOTE_CLAIMS["nl"])):
                config = json.loads(text)
                note = {"text": {loc: NOTE_CLAIMS[loc][claim_index].format(**values) for loc in org["locales"]}}
                config["organisations"][i].setdefault("notes", []).append(note)
                self.add("4 notes", f"org {org['id']}: landing note {note['text']}",
                         {"site-config.json": json.dumps(config, indent=2, ensure_ascii=False)})

    # Class 5: a label's text changed without new evidence, made another label's, or missing.
    def labels(self):
        for locale in LOCALES:
            rel = f"locales/{locale}/ui.json"
            text = self.p.files[rel]
            ui = self.p.ui(locale)
            used = self.used_labels(locale)
            for screen, labels in ui.items():
                for key, label in labels.items():
                    if not isinstance(label, dict) or label.get("tag") != "seen":
                        continue
                    old = json.dumps(label["text"], ensure_ascii=False)
                    pos = text.find(old, text.find(json.dumps(key), text.find(json.dumps(screen) + ":")))
                    for other_key, other in labels.items():
                        if other_key != key and isinstance(other, dict) and other["text"] != label["text"]:
                            self.add("5 labels", f"{rel} {screen}/{key} = text of {other_key}",
                                     {rel: replace_at(text, pos, old, json.dumps(other["text"], ensure_ascii=False))})
                            break
                    edited = label["text"][:-1] if len(label["text"]) > 3 else label["text"] + "n"
                    self.add("5 labels", f"{rel} {screen}/{key} edited", {rel: replace_at(text, pos, old, json.dumps(edited, ensure_ascii=False))})
                    if locale == "nl" and (screen, key) in used and key in self.p.ui("en").get(screen, {}):
                        changed = json.loads(text)
                        del changed[screen][key]
                        self.add("5 labels", f"{rel} {screen}/{key} removed (falls back to en)",
                                 {rel: json.dumps(changed, indent=2, ensure_ascii=False)})

    def used_labels(self, locale):
        """(screen, key) of every label the prose of a part names."""
        used = set()
        for flow in self.p.flows:
            for pid, screens, prose_flow in self.p.parts(flow):
                rel, text, start, end = self.section_text(locale, prose_flow, pid)
                if start is None:
                    continue
                for key in re.findall(r"\{\{ui\.([a-z0-9-]+)\}\}", text[start:end]):
                    screen, _ = self.p.element(screens, key)
                    used.add((screen, key))
        return used

    def email_sections(self, flow):
        return [pid for pid, _, _ in self.p.parts(flow)
                if any(c.get("method") == "email" for st in self.p.flows[flow]["steps"] for c in st.get("choices", []) if c["id"] == pid)]

    # Class 6: the screen facts stated wrongly in words.
    def screen_facts(self):
        for rel, locale, flow in self.prose_files():
            text = self.p.files[rel]
            for pos in occurrences(text, "#"):
                # The key the reader presses to answer a call, not a "#" among the signs of a password.
                if re.search(r"(druk op|press) $", text[max(0, pos - 10):pos], re.I):
                    for key in ["*", "1"]:
                        self.add("6 screen facts", f"{rel}: # -> {key} at {pos}", {rel: replace_at(text, pos, "#", key)})
            topics = {"unlock": ["nieuw wachtwoord", "new password"], "change": ["huidige", "current"],
                      "reset": ["werkmail", "work mailbox", "hoofdletter", "case"],
                      "register": ["werkadres", "work address"]}[flow]
            for start, s in sentences(text):
                if any(t in s.lower() for t in topics):
                    for neg in NEGATION[locale]:
                        if neg in s:
                            self.add("6 screen facts", f"{rel}: negation removed from \"{s.strip()}\"",
                                     {rel: replace_at(text, start, s, s.replace(neg, " " if neg.startswith(" ") else "", 1))})
            email = [(start, end) for sid, start, end in sections(text) if sid in self.email_sections(flow)]
            for old, new in [("privé", "werk"), ("private", "work"), ("bestaande", "nieuwe"), ("existing", "new"),
                             ("maken bij deze tekens niet uit", "maken bij deze tekens wel uit"), ("do not matter", "matter")]:
                for pos in occurrences(text, old):
                    if old in ("privé", "private") and not any(a <= pos < b for a, b in email):
                        continue
                    self.add("6 screen facts", f"{rel}: {old} -> {new} at {pos}", {rel: replace_at(text, pos, old, new)})
        self.copied_sentences()

    def copied_sentences(self):
        """A sentence of one method's choice copied where it is false: an SMS into a call, a code into a change."""
        for locale in LOCALES:
            rel, text, start, end = self.section_text(locale, "reset", "verify-sms")
            sms = [s.strip() for _, s in sentences(text[start:end])
                   if "{{" not in s and ("sms" in s.lower() or "text message" in s.lower())]
            for target_flow, target in [("reset", "verify-call"), ("reset", "verify-office-phone"), ("change", "fill-form")]:
                trel, ttext, tstart, tend = self.section_text(locale, target_flow, target)
                for s in sms[:1]:
                    insert = ttext[:tend].rstrip("\n")
                    self.add("6 screen facts", f"{trel}: \"{s}\" into {target}",
                             {trel: insert + "\n\n" + s + "\n" + ttext[tend:] if tend < len(ttext) else insert + "\n\n" + s + "\n"})
            rel, text, start, end = self.section_text(locale, "unlock", "unlocked")
            title = re.search(r"^## \[new-password\] (.*)$", self.p.files[f"content/{locale}/reset.md"], re.M).group(1)
            self.add("6 screen facts", f"{rel}: \"{title}.\" into unlocked",
                     {rel: text[:end].rstrip("\n") + " " + title + ".\n" + text[end:]})

    # Class 7: numbers as words, other forms, reworded claims, made-up buttons.
    def phrasing(self):
        for rel, locale, flow in self.prose_files():
            text = self.p.files[rel]
            for placeholder, values in [("{{policy.min-length}}", [8, 10, 12, 14, 16]), ("{{policy.lockout-threshold}}", [5, 10]),
                                        ("{{policy.questions-reset}}", [5]), ("{{policy.questions-register}}", [5])]:
                for pos in occurrences(text, placeholder):
                    for v in values:
                        self.add("7 phrasing", f"{rel}: {placeholder} -> {NUMBER_WORDS[locale][v]}",
                                 {rel: replace_at(text, pos, placeholder, NUMBER_WORDS[locale][v])})
            forms = {"nl": [("{{policy.min-length}} tekens", "14 karakters"), ("minstens {{policy.min-length}} tekens lang", "14-tekens lang")],
                     "en": [("{{policy.min-length}} characters", "14 chars"), ("at least {{policy.min-length}} characters long", "a 14-character minimum")]}
            for old, new in forms[locale]:
                for pos in occurrences(text, old):
                    self.add("7 phrasing", f"{rel}: {old} -> {new}", {rel: replace_at(text, pos, old, new)})
            for sid, start, end in sections(text):
                if sid == "captcha-case":
                    first = next(sentences(text[start:end]))
                    self.add("7 phrasing", f"{rel}: captcha claim reworded",
                             {rel: replace_at(text, start + first[0], first[1], CASE_CLAIMS[locale])})
                if sid == "verify-app-notification":
                    for m in re.finditer(r"[^.\n]*(getal|number)[^.\n]*(tik op|tap) (\{\{ui\.approve\}\})", text[start:end]):
                        verb = "Tik op" if locale == "nl" else "Tap"
                        self.add("7 phrasing", f"{rel}: approve without the number",
                                 {rel: replace_at(text, start + m.start(), m.group(0), f" {verb} {m.group(3)}")})
            for m in re.finditer(r"(Klik op|klik op|Click|click|Kies|Choose) \{\{ui\.([a-z0-9-]+)\}\}", text):
                for name in MADE_UP_BUTTONS[locale][:2]:
                    self.add("7 phrasing", f"{rel}: {m.group(0)} -> **{name}**",
                             {rel: replace_at(text, m.start(), m.group(0), f"{m.group(1)} **{name}**")})

    # Rewordings that keep every fact.
    def neutral_rewordings(self):
        for rel, locale, flow in self.prose_files():
            text = self.p.files[rel]
            for old, new in NEUTRAL_SWAPS[locale]:
                for pos in occurrences(text, old):
                    self.neutral.append((f"{rel}: {old} -> {new} at {pos}", {rel: replace_at(text, pos, old, new)}))
            for sid, start, end in sections(text):
                for sentence in NEUTRAL_SENTENCES[locale]:
                    self.neutral.append((f"{rel} [{sid}]: + {sentence}", {rel: text[:end].rstrip("\n") + "\n\n" + sentence + "\n\n" + text[end:].lstrip("\n")}))
                if sid == "new-password":
                    self.neutral.append((f"{rel} [{sid}]: + true maximum", {rel: text[:end].rstrip("\n") + "\n\n" + TRUE_MAXIMUM[locale] + "\n\n" + text[end:].lstrip("\n")}))
        for locale in LOCALES:
            rel = f"locales/{locale}/ui.json"
            for m in re.finditer(r'"source": "([^"]*)"', self.p.files[rel]):
                if '"tag": "seen"' not in self.p.files[rel][self.p.files[rel].rfind("\n", 0, m.start()):m.start()]:
                    self.neutral.append((f"{rel}: source of an unconfirmed label reworded at {m.start()}",
                                         {rel: replace_at(self.p.files[rel], m.start(), m.group(0), '"source": "%s; to confirm"' % m.group(1))}))


def build_site(binary, root):
    """Builds the project at `root`: the build's exit status, its messages, and a digest of every page
    and file it published (its own state files left out), or None when it failed."""
    config = os.path.join(root, "site-config.json")
    out = os.path.join(root, "..", "public")
    build = subprocess.run([binary, "build", "-q", "--no-cache", "--config", config, "--out", out], cwd=root,
                           capture_output=True, text=True)
    digest = None
    if build.returncode == 0:
        digest = hashlib.sha256()
        for folder, dirs, names in sorted(os.walk(out)):
            dirs.sort()
            for name in sorted(n for n in names if not n.startswith(".manualgen")):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, out).encode() + b"\0")
                with open(path, "rb") as f:
                    digest.update(f.read())
        digest = digest.hexdigest()
    shutil.rmtree(out, ignore_errors=True)
    return build.returncode, build.stderr, digest


def run(binary, root, changes, originals, reference):
    """check flows and build on the project with `changes`; whether a reader sees a change to the
    prose is whether the built site differs from `reference`, the digest of the site as it was (a
    failed build differs). Labels and the config count as seen: their records are checked as such."""
    for rel, text in changes.items():
        with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
            f.write(text)
    try:
        config = os.path.join(root, "site-config.json")
        check = subprocess.run([binary, "check", "flows", "--config", config], cwd=root, capture_output=True, text=True)
        build, messages, digest = build_site(binary, root)
        prose_only = all(re.match(r"content/[a-z-]+/[a-z]+\.md$", rel) for rel in changes)
        return check.returncode, build, check.stdout + check.stderr + messages, digest != reference or not prose_only
    finally:
        for rel in changes:
            with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                f.write(originals[rel])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--per-class", type=int, default=40)
    ap.add_argument("--neutral", type=int, default=80)
    ap.add_argument("--min-caught", type=float, default=0.95)
    ap.add_argument("--neutral-per-alarm", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    args.binary = os.path.abspath(args.binary)
    project = Project(args.source)
    m = Mutations(project)
    for op in [m.actions, m.verification_count, m.steps, m.notes, m.labels, m.screen_facts, m.phrasing, m.neutral_rewordings]:
        op()
    rng = random.Random(args.seed)
    chosen = []
    for cls in sorted(m.wrong):
        candidates = m.wrong[cls]
        if args.verbose:
            print(f"class {cls}: {len(candidates)} candidates")
        for what, changes in rng.sample(candidates, min(args.per_class, len(candidates))):
            chosen.append(("wrong", cls, what, changes))
    for what, changes in rng.sample(m.neutral, min(args.neutral, len(m.neutral))):
        chosen.append(("neutral", "neutral", what, changes))

    with tempfile.TemporaryDirectory(prefix="manualgen-mutation-") as tmp:
        roots = []
        for j in range(args.jobs):
            root = os.path.join(tmp, f"w{j}", "project")
            for part in PROJECT_PARTS:
                src = os.path.join(args.source, part)
                (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(root, part))
            roots.append(root)
        subprocess.run([args.binary, "check", "flows", "--config", os.path.join(roots[0], "site-config.json")], check=True,
                       capture_output=True)
        references = [build_site(args.binary, root)[2] for root in roots]
        assert all(references) and len(set(references)) == 1, "the unchanged project must build, the same in every copy"
        results = [None] * len(chosen)

        def work(j):
            for i in range(j, len(chosen), args.jobs):
                kind, cls, what, changes = chosen[i]
                results[i] = run(args.binary, roots[j], changes, project.files, references[j])

        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            list(pool.map(work, range(args.jobs)))

    return report(chosen, results, args)


def report(chosen, results, args):
    per_class = {}
    misses = []
    alarms = []
    neutral = 0
    unseen = 0
    for (kind, cls, what, _), (check, build, output, seen) in zip(chosen, results):
        if not seen:
            unseen += 1
            if args.verbose:
                print(f"  not seen by any reader: {what}")
            continue
        if kind == "neutral":
            neutral += 1
            if check != 0 or build != 0:
                alarms.append((what, check, build, output))
            continue
        caught = check in (1, 2) or build == 2
        total, hits = per_class.get(cls, (0, 0))
        per_class[cls] = (total + 1, hits + caught)
        if not caught:
            misses.append((cls, what))
    total = sum(t for t, _ in per_class.values())
    hits = sum(h for _, h in per_class.values())
    print(f"mutation test (seed {args.seed}): {len(chosen)} changes, {unseen} of them to prose no reader sees (the "
          "built site is the same), not counted")
    for cls, (t, h) in sorted(per_class.items()):
        print(f"  class {cls}: {h}/{t} caught ({100 * h / t:.0f}%)")
    print(f"  all wrong changes: {hits}/{total} caught ({100 * hits / total:.1f}%)")
    print(f"  neutral rewordings: {len(alarms)} false alarms in {neutral}")
    for cls, what in misses:
        print(f"  missed [{cls}] {what}")
    for what, check, build, output in alarms:
        print(f"  false alarm: {what} (check flows {check}, build {build})")
        if args.verbose:
            print("    " + "\n    ".join(l for l in output.splitlines() if "error" in l))
    rate_ok = hits >= args.min_caught * total
    alarms_ok = len(alarms) * args.neutral_per_alarm <= max(neutral, args.neutral_per_alarm)
    if not rate_ok:
        print(f"FAILED: fewer than {100 * args.min_caught:.0f}% of the wrong changes caught")
    if not alarms_ok:
        print(f"FAILED: more than one false alarm per {args.neutral_per_alarm} neutral changes")
    return 0 if rate_ok and alarms_ok else 1


if __name__ == "__main__":
    sys.exit(main())
