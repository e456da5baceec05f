#!/usr/bin/env python3
"""Makes bench/out/: a 500-organisation manualgen project (site-config.json beside links to the
repository's content/, locales/, themes/, assets/) and an equivalent Hugo site with the same pages,
the same Markdown per page and a comparable template with the same branding variables.

Usage: bench/make-large-site.py [--orgs 500]
"""
import argparse
import json
import os
import random
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
METHODS = ["email", "sms", "call", "office_phone", "questions", "app_notification", "app_code"]
GATES = {"sms": 1, "call": 1, "app_notification": 2, "app_code": 2, "email": 3, "office_phone": 4, "questions": 5}
FLOWS = ["register", "reset", "unlock", "change"]


def organisation(i, rng):
    methods = sorted(rng.sample(METHODS, rng.randint(2, 6)), key=METHODS.index)
    gates = len({GATES[m] for m in methods})
    required = 2 if gates >= 2 and rng.random() < 0.6 else 1
    unlock = rng.random() < 0.6
    hue = rng.randint(0, 359)
    org = {
        "id": f"org-{i:03d}",
        "name": f"Organisatie {i:03d}",
        "locales": ["nl", "en"],
        # Dark brand colours keep white text readable.
        "brand": {"primary": "#%02x%02x%02x" % (20 + hue % 60, 40 + (hue * 7) % 60, 90 + (hue * 3) % 60),
                  "on_primary": "#ffffff", "accent": "#eef2f7", "logo": "assets/logos/lindewijk.svg"},
        "servicedesk": {"phone": f"088 555 {i:04d}",
                        "hours": {"nl": "maandag t/m vrijdag 8.00–17.00 uur", "en": "Monday to Friday 8:00–17:00"},
                        "email": f"servicedesk@org{i:03d}.example.nl"},
        "login_example": f"j.devries@org{i:03d}.example.nl",
        "document": {"version": "1.0", "date": "2026-11-01"},
        "flows": [f for f in FLOWS if f != "unlock" or unlock],
        "policy": {
            "methods": methods,
            "methods_required": required,
            "unlock": unlock,
            "min_password_length": rng.choice([8, 10, 12, 14, 16]),
            "phone_entry": rng.choice(["national", "international"]),
            "captcha_hint": rng.random() < 0.8,
        },
    }
    if rng.random() < 0.5:
        org["policy"]["lockout_threshold"] = rng.choice([3, 5, 10])
    if rng.random() < 0.3:
        org["notes"] = [{"flow": "reset", "step": "done",
                         "text": {"nl": "Log de eerste keer in zonder pas.", "en": "Sign in without your badge the first time."}}]
    return org


def link(name, target):
    if os.path.lexists(name):
        os.remove(name)
    os.symlink(target, name)


def hugo_site(config):
    """One Hugo page per manualgen page (flow pages, landing pages, manuals), each with the flow's prose."""
    site = os.path.join(OUT, "hugo")
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(os.path.join(site, "layouts", "_default"))
    os.makedirs(os.path.join(site, "static"))
    shutil.copy(os.path.join(ROOT, "themes/default/static/style.css"), os.path.join(site, "static/style.css"))
    with open(os.path.join(site, "config.toml"), "w") as f:
        f.write('baseURL = "https://handleidingen.example.nl/"\ntitle = "Handleidingen"\n'
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n[markup.goldmark.renderer]\nunsafe = false\n')
    # A template like manualgen's layout + flow page: brand variables, header, language links, servicedesk.
    with open(os.path.join(site, "layouts/_default/single.html"), "w") as f:
        f.write('''<!DOCTYPE html>
<html lang="{{ .Params.lang }}"><head><meta charset="utf-8" /><title>{{ .Title }} – {{ .Params.org }}</title>
<link rel="stylesheet" href="/style.css" />
<style>:root { --brand: {{ .Params.primary | safeCSS }}; --on-brand: {{ .Params.on_primary | safeCSS }}; }</style></head>
<body><header class="site-header"><a class="brand" href="../">{{ .Params.org }}</a>
<nav class="languages"><ul>{{ range .Params.locales }}<li><a href="../../{{ . }}/">{{ . }}</a></li>{{ end }}</ul></nav></header>
<main><h1>{{ .Title }}</h1>{{ .Content }}
<aside class="desk"><h2>Servicedesk</h2><dl><dt>Telefoon</dt><dd><a href="tel:{{ .Params.phone }}">{{ .Params.phone }}</a></dd>
<dt>Bereikbaar</dt><dd>{{ .Params.hours }}</dd><dt>E-mail</dt><dd>{{ .Params.email }}</dd></dl></aside></main></body></html>
''')
    with open(os.path.join(site, "layouts/_default/list.html"), "w") as f:
        f.write('<!DOCTYPE html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n')

    prose = {}
    for locale in ("nl", "en"):
        for flow in FLOWS:
            with open(os.path.join(ROOT, "content", locale, flow + ".md")) as f:
                text = f.read()
            if flow == "unlock":  # its shared steps come from reset.md in manualgen
                with open(os.path.join(ROOT, "content", locale, "reset.md")) as f:
                    text += "\n" + f.read().split("\n", 1)[1]
            text = re.sub(r"^## \[[^\]]+\] ", "## ", text, flags=re.M)
            text = re.sub(r"^### \[[^\]]+\] ?", "### ", text, flags=re.M)
            title, body = text.split("\n", 1)
            prose[(locale, flow)] = (title[2:], body)

    pages = 0
    for org in config["organisations"]:
        for locale in org["locales"]:
            folder = os.path.join(site, "content", org["id"], locale)
            os.makedirs(folder)
            values = {"org.name": org["name"], "desk.phone": org["servicedesk"]["phone"],
                      "policy.min-length": str(org["policy"]["min_password_length"])}
            def front(title):
                return ("---\n" + json.dumps({
                    "title": title, "lang": locale, "org": org["name"], "primary": org["brand"]["primary"],
                    "on_primary": org["brand"]["on_primary"], "locales": org["locales"],
                    "phone": org["servicedesk"]["phone"], "hours": org["servicedesk"]["hours"][locale],
                    "email": org["servicedesk"]["email"]}) + "\n---\n")
            def fill(body):
                return re.sub(r"\{\{([a-z.-]+)\}\}", lambda m: values.get(m.group(1), m.group(1).split(".")[-1]), body)
            bodies = []
            for flow in org["flows"]:
                title, body = prose[(locale, flow)]
                body = fill(body)
                bodies.append("# " + title + "\n" + body)
                with open(os.path.join(folder, flow + ".md"), "w") as f:
                    f.write(front(title) + body)
                pages += 1
            with open(os.path.join(folder, "landing.md"), "w") as f:
                f.write(front(org["name"]) + "\n".join(b.split("\n\n")[0] for b in bodies))
            with open(os.path.join(folder, "manual.md"), "w") as f:
                f.write(front("Handleiding") + "\n\n".join(bodies))
            pages += 2
    return pages


def large_config(orgs):
    """The site-config.json of the generated project (tests/site_config_schema/validate.py checks it
    against the schema)."""
    rng = random.Random(20261122)
    with open(os.path.join(ROOT, "site-config.json")) as f:
        example = json.load(f)
    return {"site": example["site"], "organisations": [organisation(i, rng) for i in range(orgs)]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=500)
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    config = large_config(args.orgs)
    project = os.path.join(OUT, "manualgen")
    os.makedirs(project, exist_ok=True)
    # Copied, not linked: manualgen refuses links that lead out of the project.
    for folder in ("content", "locales", "themes", "assets"):
        target = os.path.join(project, folder)
        if os.path.islink(target):
            os.remove(target)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, folder), target)
    link(os.path.join(project, "checks"), os.path.join(ROOT, "checks"))
    with open(os.path.join(project, "site-config.json"), "w") as f:
        json.dump(config, f, indent=1, ensure_ascii=False)
    flow_pages = sum(len(o["flows"]) * len(o["locales"]) for o in config["organisations"])
    hugo_pages = hugo_site(config)
    print(f"bench: {args.orgs} organisations, {flow_pages} flow pages; Hugo site with {hugo_pages} pages")


if __name__ == "__main__":
    main()
