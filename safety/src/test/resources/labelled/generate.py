#!/usr/bin/env python3
"""Writes the labelled content-safety set: train.jsonl, dev.jsonl, test.jsonl.

Lines: {"kind": ..., "text": ..., "sensitive": bool, "digits": "..." (cards)}. A sensitive item is
one a detector must find (structured PII or a credential); a benign one is an ordinary prompt
fragment full of look-alikes (numbers, code, hashes, UUIDs, dates, URLs, order numbers, versions)
that no detector may touch. Each split has its own seed; test.jsonl is frozen (committed before
any detector was written) and never tuned on. Run: python3 generate.py (from this folder)."""
import base64, hashlib, json, random, string, uuid

ALNUM = string.ascii_letters + string.digits

def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    return str((10 - total % 10) % 10)

def luhn_ok(num):
    return luhn_digit(num[:-1]) == num[-1]

class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def digits(self, n):
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def pick(self, xs):
        return self.r.choice(xs)

    def word(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    # ---------- cards ----------
    def card_number(self):
        brand = self.pick(["visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners", "unionpay", "maestro"])
        prefix, length = {
            "visa": ("4", 16), "mc": (str(self.r.randint(51, 55)), 16), "mc2": (str(self.r.randint(2221, 2720)), 16),
            "amex": (self.pick(["34", "37"]), 15), "discover": (self.pick(["6011", "65"]), 16),
            "jcb": (str(self.r.randint(3528, 3589)), 16), "diners": (self.pick(["36", "38"]), 14),
            "unionpay": ("62", self.pick([16, 19])), "maestro": (self.pick(["6759", "5018"]), self.pick([16, 19]))}[brand]
        body = prefix + self.digits(length - len(prefix) - 1)
        return body + luhn_digit(body)

    def group_card(self, num):
        style = self.pick(["plain", "space", "dash", "space", "dash"])
        if len(num) == 15 and style != "plain":
            parts = [num[:4], num[4:10], num[10:]]
        elif len(num) == 14 and style != "plain":
            parts = [num[:4], num[4:10], num[10:]]
        else:
            parts = [num[i:i + 4] for i in range(0, len(num), 4)]
        return {"plain": num, "space": " ".join(parts), "dash": "-".join(parts)}[style]

    def card(self):
        num = self.card_number()
        shown = self.group_card(num)
        t = self.pick([
            "Charge {c} for the renewal, expiry 0{m}/2{y}, CVV {v}.",
            "my visa is {c} can you check why it was declined",
            "Card: {c} exp {m}/{y}",
            "Customer paid with {c} on the 3rd; refund half.",
            "please update billing to card {c}, the old one expired",
            "{{\"card_number\": \"{c}\", \"exp\": \"0{m}/2{y}\"}}",
            "Why does Stripe reject {c}? It works on Amazon.",
            "payment_method={c}&amount=4999",
            "Hi, the number on the front is {c} and the name is J. Rivera.",
            "test with real card {c} before go-live",
            "Kartennummer {c}, gültig bis {m}/2{y}",
            "The corporate Amex {c} is the one finance uses.",
        ])
        return {"kind": "card", "text": t.format(c=shown, m=self.r.randint(1, 9), y=self.r.randint(5, 9),
                                                  v=self.digits(3)), "sensitive": True, "digits": num}

    # ---------- emails ----------
    def email(self):
        first = self.pick(["anna", "j.smith", "li.wei", "mohammed", "sofia_r", "kevin.o", "priya.n", "tomasz", "emma+news",
                           "r.dupont", "hans-peter", "yuki", "carlos.m", "o.brien", "nguyen.t", "dev.ops", "a1b2"])
        dom = self.pick(["gmail.com", "outlook.com", "acme-corp.io", "uni-heidelberg.de", "mail.yahoo.co.jp", "proton.me",
                         "example.org", "company.co.uk", "hospital.nhs.uk", "web.de", "fastmail.fm", "startup.ai"])
        addr = f"{first}{self.r.randint(0, 99) if self.r.random() < 0.4 else ''}@{dom}"
        t = self.pick([
            "Send the draft to {e} before Friday.",
            "Contact: {e}",
            "reply to {e} and cc the team",
            "Her email is {e}; his is on the wiki.",
            "git config user.email \"{e}\"",
            "<{e}> wrote: thanks for the quick fix",
            "Write a polite reminder to {e} about the unpaid invoice.",
            "From: Jane <{e}>",
            "users = [{{\"name\": \"Ann\", \"mail\": \"{e}\"}}]",
        ])
        return {"kind": "email", "text": t.format(e=addr), "sensitive": True}

    # ---------- phones ----------
    def phone(self):
        kind = self.pick(["us", "us", "uk", "de", "fr", "in", "intl_us", "intl_uk", "intl_de", "intl_fr", "intl_in", "intl_br", "intl_au"])
        area = self.pick(["212", "415", "646", "312", "617", "303", "206", "512"])
        sub = str(self.r.randint(2, 9)) + self.digits(2)
        num = {
            "us": self.pick([f"({area}) {sub}-{self.digits(4)}", f"{area}-{sub}-{self.digits(4)}", f"{area}.{sub}.{self.digits(4)}"]),
            "intl_us": self.pick([f"+1 {area} {sub} {self.digits(4)}", f"+1-{area}-{sub}-{self.digits(4)}", f"+1 ({area}) {sub}-{self.digits(4)}"]),
            "uk": self.pick([f"07{self.r.randint(400, 999)} {self.digits(6)}", f"020 7{self.digits(3)} {self.digits(4)}"]),
            "intl_uk": self.pick([f"+44 7{self.r.randint(400, 999)} {self.digits(6)}", f"+44 20 7{self.digits(3)} {self.digits(4)}"]),
            "de": self.pick([f"030 {self.digits(8)}", f"0151 {self.digits(8)}", f"089 {self.digits(7)}"]),
            "intl_de": self.pick([f"+49 30 {self.digits(8)}", f"+49 151 {self.digits(8)}", f"+49 (0)89 {self.digits(7)}"]),
            "fr": f"0{self.r.randint(1, 7)} " + " ".join(self.digits(2) for _ in range(4)),
            "intl_fr": f"+33 {self.r.randint(1, 7)} " + " ".join(self.digits(2) for _ in range(4)),
            "in": f"0{self.r.randint(7, 9)}{self.digits(4)} {self.digits(5)}",
            "intl_in": f"+91 {self.r.randint(7, 9)}{self.digits(4)} {self.digits(5)}",
            "intl_br": f"+55 11 9{self.digits(4)}-{self.digits(4)}",
            "intl_au": f"+61 4{self.digits(2)} {self.digits(3)} {self.digits(3)}",
        }[kind]
        t = self.pick([
            "Call me at {p} after 6pm.",
            "phone: {p}",
            "You can reach the landlord on {p}.",
            "Mobile {p} (WhatsApp too)",
            "Her number is {p}, text before calling.",
            "Tel.: {p}",
            "Write an SMS reminder for the patient at {p}.",
            "emergency contact {p}",
        ])
        return {"kind": "phone", "text": t.format(p=num), "sensitive": True}

    # ---------- IBAN ----------
    def iban(self):
        country, length = self.pick([("DE", 22), ("GB", 22), ("FR", 27), ("ES", 24), ("IT", 27), ("NL", 18), ("BE", 16),
                                     ("CH", 21), ("AT", 20), ("PL", 28), ("IE", 22), ("SE", 24)])
        if country in ("GB", "NL", "IE"):
            bban = self.word(string.ascii_uppercase, 4) + self.digits(length - 8)
        elif country == "IT":
            bban = self.pick(string.ascii_uppercase) + self.digits(length - 5)
        else:
            bban = self.digits(length - 4)
        check = 98 - int("".join(str(int(ch, 36)) for ch in bban + country + "00")) % 97
        iban = f"{country}{check:02d}{bban}"
        shown = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if self.r.random() < 0.5 else iban
        t = self.pick([
            "Transfer the deposit to IBAN {i}.",
            "Bank details: {i} (BIC on request)",
            "pls wire to {i}",
            "My new account is {i}, please update payroll.",
            "iban={i}",
            "Beneficiary: M. Keller, {i}",
        ])
        return {"kind": "iban", "text": t.format(i=shown), "sensitive": True}

    # ---------- national ids ----------
    def national_id(self):
        kind = self.pick(["ssn", "nino", "dni", "nie", "cpf", "aadhaar", "sin", "ssn", "cpf"])
        if kind == "ssn":
            area = self.r.randint(1, 899)
            while area == 666: area = self.r.randint(1, 899)
            v = f"{area:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"
        elif kind == "nino":
            first = self.pick("ABCEGHJKLMNOPRSTWXYZ"); second = self.pick("ABCEGHJKLMNPRSTWXYZ")
            while first + second in ("GB", "NK", "TN", "ZZ", "BG", "KN", "NT"):
                second = self.pick("ABCEGHJKLMNPRSTWXYZ")
            d = self.digits(6)
            v = self.pick([f"{first}{second}{d}{self.pick('ABCD')}", f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {self.pick('ABCD')}"])
        elif kind == "dni":
            n = self.r.randint(10000000, 99999999)
            v = f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"
        elif kind == "nie":
            p = self.pick("XYZ"); n = self.r.randint(1000000, 9999999)
            v = f"{p}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str('XYZ'.index(p)) + f'{n:07d}') % 23]}"
        elif kind == "cpf":
            base = [self.r.randint(0, 9) for _ in range(9)]
            d1 = (sum(b * w for b, w in zip(base, range(10, 1, -1))) * 10) % 11 % 10
            d2 = (sum(b * w for b, w in zip(base + [d1], range(11, 1, -1))) * 10) % 11 % 10
            s = "".join(map(str, base + [d1, d2]))
            v = self.pick([f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}", f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}", s]) if False else f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"
        elif kind == "aadhaar":
            body = str(self.r.randint(2, 9)) + self.digits(10)
            v = body + verhoeff_digit(body)
            v = self.pick([f"{v[:4]} {v[4:8]} {v[8:]}", f"{v[:4]}-{v[4:8]}-{v[8:]}"])
        else:  # Canadian SIN, Luhn
            body = str(self.r.randint(1, 7)) + self.digits(7)
            s = body + luhn_digit(body)
            v = f"{s[:3]}-{s[3:6]}-{s[6:]}" if self.r.random() < 0.5 else f"{s[:3]} {s[3:6]} {s[6:]}"
        label = {"ssn": "SSN", "nino": "NI number", "dni": "DNI", "nie": "NIE", "cpf": "CPF", "aadhaar": "Aadhaar",
                 "sin": "SIN"}[kind]
        t = self.pick([
            "My {l} is {v}, please fill in the form.",
            "{l}: {v}",
            "Applicant id {v} (name withheld)",
            "the employee's {l} {v} is on file",
            "Fill the tax form for {v}, born 1984.",
        ])
        return {"kind": "national_id", "text": t.format(l=label, v=v), "sensitive": True}

    # ---------- IPs ----------
    def ip(self):
        if self.r.random() < 0.7:
            first = self.pick([8, 23, 34, 52, 81, 91, 104, 142, 151, 172, 185, 192, 198, 203, 212])
            v = f"{first}.{self.r.randint(0, 255)}.{self.r.randint(0, 255)}.{self.r.randint(1, 254)}"
        else:
            v = "2001:db8:" + ":".join(f"{self.r.randint(0, 65535):x}" for _ in range(self.r.randint(2, 6)))
            if v.count(":") < 7: v = v.replace("2001:db8:", "2001:db8::", 1)
            v = self.pick([v, f"2a02:{self.r.randint(4096, 65535):x}:{self.r.randint(1, 65535):x}::{self.r.randint(1, 65535):x}"])
        t = self.pick([
            "The attacker came from {v} at 03:12 UTC.",
            "ssh admin@{v} -p 2222",
            "Whitelist {v} in the firewall.",
            "client_ip={v} status=403",
            "My home IP is {v}, why is it blocked?",
            "ping {v}",
        ])
        return {"kind": "ip_address", "text": t.format(v=v), "sensitive": True}

    # ---------- secrets ----------
    def secret(self):
        kind = self.pick(["openai", "openai_proj", "anthropic", "aws", "aws_secret", "google", "github", "github_pat",
                          "slack", "stripe", "gitlab", "hf", "jwt", "private_key", "password", "conn", "generic_token", "azure"])
        r = self
        if kind == "openai":
            v = "sk-" + r.word(ALNUM, 48); t = r.pick(["OPENAI_API_KEY={v}", "client = OpenAI(api_key=\"{v}\")", "my key {v} stopped working", "why does {v} give 401"])
        elif kind == "openai_proj":
            v = "sk-proj-" + r.word(ALNUM + "-_", r.pick([48, 74, 156])); t = r.pick(["export OPENAI_API_KEY=\"{v}\"", "key: {v}", "Using {v} in prod, is that ok?"])
        elif kind == "anthropic":
            v = "sk-ant-api03-" + r.word(ALNUM + "-_", 93) + "AA"; t = r.pick(["ANTHROPIC_API_KEY={v}", "Anthropic(api_key='{v}')", "the key is {v}"])
        elif kind == "aws":
            v = r.pick(["AKIA", "ASIA"]) + r.word(string.ascii_uppercase + "234567", 16); t = r.pick(["aws_access_key_id = {v}", "AccessKeyId: {v}", "our IAM user key {v} leaked?", "AWS_ACCESS_KEY_ID={v} aws s3 ls"])
        elif kind == "aws_secret":
            v = r.word(ALNUM + "/+", 40); t = r.pick(["aws_secret_access_key = {v}", "AWS_SECRET_ACCESS_KEY=\"{v}\"", "SecretAccessKey: {v}"])
        elif kind == "google":
            v = "AIza" + r.word(ALNUM + "-_", 35); t = r.pick(["const MAPS_KEY = \"{v}\";", "https://maps.googleapis.com/maps/api/js?key={v}", "gemini key {v}"])
        elif kind == "github":
            v = r.pick(["ghp_", "gho_", "ghs_", "ghu_"]) + r.word(ALNUM, 36); t = r.pick(["GITHUB_TOKEN={v}", "git clone https://{v}@github.com/acme/app.git", "token {v} has repo scope"])
        elif kind == "github_pat":
            v = "github_pat_" + r.word(ALNUM, 22) + "_" + r.word(ALNUM, 59); t = r.pick(["GH_PAT: {v}", "use {v} for the action"])
        elif kind == "slack":
            v = r.pick(["xoxb-", "xoxp-"]) + r.digits(12) + "-" + r.digits(12) + "-" + r.word(ALNUM, 24); t = r.pick(["SLACK_BOT_TOKEN={v}", "slack token: {v}"])
        elif kind == "stripe":
            v = r.pick(["sk_live_", "rk_live_", "sk_test_"]) + r.word(ALNUM, r.pick([24, 34, 99])); t = r.pick(["Stripe.api_key = '{v}'", "STRIPE_SECRET={v}", "stripe key {v}"])
        elif kind == "gitlab":
            v = "glpat-" + r.word(ALNUM + "-_", 20); t = r.pick(["GITLAB_TOKEN={v}", "private token {v}"])
        elif kind == "hf":
            v = "hf_" + r.word(string.ascii_letters, 34); t = r.pick(["HF_TOKEN={v}", "login(token=\"{v}\")"])
        elif kind == "jwt":
            head = base64.urlsafe_b64encode(json.dumps({"alg": r.pick(["HS256", "RS256"]), "typ": "JWT"}).encode()).decode().rstrip("=")
            body = base64.urlsafe_b64encode(json.dumps({"sub": r.digits(8), "name": "x", "iat": 1716000000 + r.r.randint(0, 9999999)}).encode()).decode().rstrip("=")
            sig = r.word(ALNUM + "-_", r.pick([43, 86, 342]))
            v = f"{head}.{body}.{sig}"; t = r.pick(["Authorization: Bearer {v}", "why is this token invalid: {v}", "curl -H 'Authorization: Bearer {v}' https://api.acme.io/me", "jwt={v}"])
        elif kind == "private_key":
            label = r.pick(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
            lines = [r.word(ALNUM + "+/", 64) for _ in range(r.r.randint(3, 8))]
            v = f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"
            t = r.pick(["Here is my key, why does ssh reject it?\n{v}", "{v}", "key.pem:\n{v}\n"])
        elif kind == "password":
            pw = r.word(ALNUM + "!#$%&*@^", r.r.randint(12, 24))
            t = r.pick(["DB_PASSWORD={v}", "password: \"{v}\"", "spring.datasource.password={v}", "\"password\": \"{v}\"", "PGPASSWORD='{v}' psql -h db", "admin_pass = '{v}'"])
            v = pw
        elif kind == "conn":
            pw = r.word(ALNUM, r.r.randint(12, 20))
            v = r.pick([f"postgres://app:{pw}@db.internal:5432/orders", f"mongodb+srv://admin:{pw}@cluster0.mongodb.net/test", f"mysql://root:{pw}@10.0.0.5/shop", f"redis://:{pw}@cache:6379/0"])
            t = r.pick(["DATABASE_URL={v}", "connect with {v}", "url: \"{v}\""])
        elif kind == "azure":
            v = "DefaultEndpointsProtocol=https;AccountName=acmestore;AccountKey=" + r.word(ALNUM + "+/", 86) + "==;EndpointSuffix=core.windows.net"
            t = r.pick(["AZURE_STORAGE_CONNECTION_STRING=\"{v}\"", "conn = \"{v}\""])
        else:
            v = r.word(ALNUM, r.r.randint(24, 48))
            t = r.pick(["API_TOKEN={v}", "client_secret: {v}", "\"auth_token\": \"{v}\"", "export SECRET_KEY='{v}'", "x-api-key: {v}", "webhook_secret = \"{v}\""])
        return {"kind": "secret", "sub": kind, "text": t.format(v=v), "sensitive": True}

    # ---------- benign look-alikes ----------
    def benign(self):
        r = self
        kind = r.pick(["numbers", "order", "hash", "uuid", "date", "url", "version", "code", "non_luhn", "bad_iban", "placeholder",
                       "tracking", "math", "loopback", "scoped_pkg", "prose", "base64", "phone_like", "sql", "log"])
        if kind == "numbers":
            t = r.pick(["Sum these: {a}, {b}, {c} and {d}.", "Population grew from {a} to {b} between 1990 and 2020.",
                        "Revenue was ${a},{e} in Q3 vs ${b},{e} in Q2; what is the growth?", "Sort [{a}, {b}, {c}, {d}] ascending",
                        "The distance is {a} km, about {b} miles."]).format(a=r.r.randint(100, 99999), b=r.r.randint(100, 99999),
                        c=r.r.randint(1, 9999), d=r.r.randint(1, 999999), e=r.digits(3))
        elif kind == "order":
            t = r.pick(["Where is my order {o}?", "Order #{o} arrived damaged.", "Refund request for order {o}", "Invoice INV-{y}-{n} is overdue.",
                        "Ticket {p}-{s} is blocked by {p}-{s2}."]).format(
                o=r.pick([f"{r.digits(3)}-{r.digits(7)}-{r.digits(7)}", r.digits(10), f"W{r.digits(9)}", f"#{r.digits(6)}"]),
                y=r.r.randint(2019, 2026), n=r.digits(6), p=r.pick(["JIRA", "OPS", "BUG", "ENG"]), s=r.r.randint(10, 9999), s2=r.r.randint(10, 9999))
        elif kind == "hash":
            data = r.digits(20).encode()
            h = r.pick([hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest(), hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest()[:7]])
            t = r.pick(["The download's sha256 should be {h}", "git show {h}", "checksum mismatch: expected {h}", "revert commit {h} please",
                        "sha256sum says {h}  app.tar.gz", "image digest sha256:{h}"]).format(h=h)
        elif kind == "uuid":
            u = str(uuid.UUID(int=r.r.getrandbits(128), version=4))
            t = r.pick(["GET /api/users/{u}", "Find the row with id '{u}'", "request_id={u} failed with 500", "trace {u} shows a slow query",
                        "{{\"id\": \"{u}\", \"status\": \"active\"}}"]).format(u=u)
        elif kind == "date":
            t = r.pick(["Meeting on {y}-{m:02d}-{d:02d} at 14:30.", "Timestamp {y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z in the log",
                        "Convert {d:02d}/{m:02d}/{y} to ISO format", "epoch {ms} in ms to a date?", "Deadline {d}.{m}.{y}, 23:59 CET",
                        "from {y}{m:02d}{d:02d} to {y}{m:02d}{d2:02d}"]).format(y=r.r.randint(1990, 2030), m=r.r.randint(1, 12),
                        d=r.r.randint(1, 28), d2=r.r.randint(1, 28), h=r.r.randint(0, 23), mi=r.r.randint(0, 59), s=r.r.randint(0, 59),
                        ms=r.r.randint(1500000000000, 1800000000000))
        elif kind == "url":
            t = r.pick(["https://example.com/search?q={a}&page={b}", "See https://github.com/acme/app/pull/{a}#issuecomment-{c}",
                        "http://localhost:{p}/api/v{b}/items?limit={a}", "https://www.youtube.com/watch?v={yt}&t={b}s",
                        "https://docs.python.org/3/library/re.html#re.{w}", "s3://acme-logs/{y}/{b:02d}/part-{c}.parquet"]).format(
                a=r.r.randint(1, 99999), b=r.r.randint(1, 12), c=r.digits(10), p=r.pick([3000, 8080, 5173, 9092]),
                yt=r.word(ALNUM + "-_", 11), w=r.pick(["sub", "match", "findall"]), y=r.r.randint(2020, 2026))
        elif kind == "version":
            t = r.pick(["Upgrade from {a}.{b}.{c} to {a}.{b2}.0", "pip install numpy=={a}.{b}.{c}", "Node v{a}.{b}.{c} breaks the build",
                        "kernel {a}.{b}.{c}-{d}-generic panics", "Windows build 10.0.{w}.{x}", "image: postgres:{a}.{b}",
                        "\"version\": \"{a}.{b}.{c}-rc.{d}\""]).format(a=r.r.randint(1, 20), b=r.r.randint(0, 40), b2=r.r.randint(0, 40),
                        c=r.r.randint(0, 99), d=r.r.randint(1, 200), w=r.r.randint(17000, 26000), x=r.r.randint(100, 5000))
        elif kind == "code":
            t = r.pick(["for (int i = 0; i < {a}; i++) sum += i * {b};", "const TIMEOUT_MS = {a};\nconst RETRIES = {c};",
                        "def f(x):\n    return x * {a} % {b}", "password = os.environ[\"DB_PASSWORD\"]", "api_key = get_secret(\"openai\")",
                        "let token = req.headers.authorization;", "SECRET_KEY = env('DJANGO_SECRET_KEY')", "if (count > {a}) {{ throw new Error(\"too many\"); }}",
                        "private static final long SERIAL_VERSION = {l}L;", "x = np.random.seed({a})", "color: #{h}; margin: {c}px;",
                        "token_count = len(tokens)  # {a} max"]).format(a=r.r.randint(2, 100000), b=r.r.randint(2, 997), c=r.r.randint(1, 10),
                        l=r.digits(18), h=r.word("0123456789abcdef", 6))
        elif kind == "non_luhn":
            body = r.pick(["4", "5" + str(r.r.randint(1, 5)), "37", "6011"]) 
            n = body + r.digits(16 - len(body) - (1 if body == "37" else 0))
            while luhn_ok(n): n = n[:-1] + str((int(n[-1]) + 1) % 10)
            shown = r.pick([n, " ".join(n[i:i + 4] for i in range(0, len(n), 4)), "-".join(n[i:i + 4] for i in range(0, len(n), 4))])
            t = r.pick(["Reference number {n} (not a card)", "Serial {n}", "Parcel {n} is stuck in customs", "account ref {n}"]).format(n=shown)
        elif kind == "bad_iban":
            country = r.pick(["DE", "FR", "GB"]); n = country + r.digits(2) + r.digits(18)
            t = r.pick(["Is {n} a valid IBAN? My bank says no.", "Fake IBAN for the unit test: {n}"]).format(n=n)
        elif kind == "placeholder":
            t = r.pick(["OPENAI_API_KEY=<your-key-here>", "api_key: YOUR_API_KEY", "password: ${DB_PASSWORD}", "export AWS_SECRET_ACCESS_KEY=...",
                        "token = \"REPLACE_ME\"", "Authorization: Bearer <token>", "secret: {{ .Values.secret }}", "password=changeit in the demo keystore?",
                        "client_secret: \"{{CLIENT_SECRET}}\""])
        elif kind == "tracking":
            t = r.pick(["UPS tracking 1Z{a}{b}", "ISBN 978-{c}-{d}-{e}-{f}", "EAN {g}", "VIN 1HGCM{h}", "FedEx {i}"]).format(
                a=r.word(string.ascii_uppercase + string.digits, 6), b=r.digits(10), c=r.r.randint(0, 1), d=r.digits(3), e=r.digits(5), f=r.r.randint(0, 9),
                g=r.digits(13), h=r.word(string.ascii_uppercase + string.digits, 12), i=r.digits(12))
        elif kind == "math":
            t = r.pick(["pi is 3.{a}", "compute {b} * {c} mod {d}", "e = 2.{a}", "Is {p} prime?", "solve x^2 - {b}x + {c} = 0",
                        "matrix [[{b}, {c}], [{d}, {b}]]", "{b}/{c} as a decimal to 10 places"]).format(a=r.digits(14), b=r.r.randint(2, 9999),
                        c=r.r.randint(2, 9999), d=r.r.randint(2, 9999), p=r.digits(12))
        elif kind == "loopback":
            t = r.pick(["curl http://127.0.0.1:{p}/health", "bind to 0.0.0.0 instead of localhost", "netmask 255.255.255.0",
                        "listen [::1]:{p}", "server.address=127.0.0.1"]).format(p=r.pick([8080, 3000, 5432, 6379]))
        elif kind == "scoped_pkg":
            t = r.pick(["npm i lodash@4.17.{a}", "import {{ x }} from '@types/node'", "git clone git@github.com:acme/{w}.git",
                        "@Override\npublic String toString()", "pip install 'requests>=2.{a}'", "@media (max-width: {b}px)",
                        "docker pull nginx@sha256:{h}"]).format(a=r.r.randint(1, 31), w=r.pick(["app", "infra", "docs"]), b=r.pick([640, 768, 1024]),
                        h=hashlib.sha256(r.digits(9).encode()).hexdigest())
        elif kind == "prose":
            t = r.pick(["Summarise the attached article in 3 bullet points.", "Translate 'the key is under the mat' into French.",
                        "What is the secret to a good sourdough?", "Explain how JWTs are signed, in simple terms.",
                        "How do I rotate an AWS access key safely?", "Write a haiku about password managers.",
                        "Why do credit card numbers use the Luhn check?", "What does an IBAN consist of?",
                        "Give me {a} ideas for a birthday party.", "In 1969, {b} people watched the landing."]).format(a=r.r.randint(3, 12), b=r.r.randint(100, 900) * 1000000)
        elif kind == "base64":
            raw = " ".join(r.pick(["hello", "world", "data", "chart", "pixel"]) for _ in range(r.r.randint(4, 12)))
            t = r.pick(["Decode this base64: {b}", "data:text/plain;base64,{b}"]).format(b=base64.b64encode(raw.encode()).decode())
        elif kind == "phone_like":
            t = r.pick(["The range is {a}-{b}.", "Room {c}, floor {d}, building {e}", "Part no. {a}-{f}-{g}", "coordinates 37.{h}, -122.{i}",
                        "score {c}:{d}", "lat/long {j}.{h} {k}.{i}", "SKU {a}{f}{g}"]).format(a=r.r.randint(100, 999), b=r.r.randint(1000, 9999),
                        c=r.r.randint(1, 500), d=r.r.randint(1, 40), e=r.pick("ABCDE"), f=r.digits(3), g=r.digits(4), h=r.digits(4), i=r.digits(4),
                        j=r.r.randint(10, 60), k=r.r.randint(10, 60))
        elif kind == "sql":
            t = r.pick(["SELECT * FROM orders WHERE id IN ({a}, {b}, {c}) AND total > {d};", "UPDATE users SET credits = {d} WHERE id = {a};",
                        "INSERT INTO t VALUES ({a}, '{y}-01-01', {d}.{e});"]).format(a=r.r.randint(1, 999999), b=r.r.randint(1, 999999),
                        c=r.r.randint(1, 999999), d=r.r.randint(1, 9999), e=r.digits(2), y=r.r.randint(2000, 2030))
        else:
            t = r.pick(["{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}.{ms:03d} INFO  [worker-{w}] processed {n} records in {t} ms",
                        "E{m:02d}{d:02d} {h:02d}:{mi:02d}:{s:02d}.{us} {pid} main.go:{w}] retry {n}/5",
                        "thread {w} pid={pid} rss={n}kB"]).format(y=r.r.randint(2020, 2026), m=r.r.randint(1, 12), d=r.r.randint(1, 28),
                        h=r.r.randint(0, 23), mi=r.r.randint(0, 59), s=r.r.randint(0, 59), ms=r.r.randint(0, 999), us=r.digits(6),
                        w=r.r.randint(1, 64), n=r.r.randint(1, 100000), t=r.r.randint(1, 5000), pid=r.r.randint(100, 99999))
        return {"kind": "benign", "sub": kind, "text": t, "sensitive": False}

VERHOEFF_D = [[0,1,2,3,4,5,6,7,8,9],[1,2,3,4,0,6,7,8,9,5],[2,3,4,0,1,7,8,9,5,6],[3,4,0,1,2,8,9,5,6,7],[4,0,1,2,3,9,5,6,7,8],
              [5,9,8,7,6,0,4,3,2,1],[6,5,9,8,7,1,0,4,3,2],[7,6,5,9,8,2,1,0,4,3],[8,7,6,5,9,3,2,1,0,4],[9,8,7,6,5,4,3,2,1,0]]
VERHOEFF_P = [[0,1,2,3,4,5,6,7,8,9],[1,5,7,6,2,8,3,0,9,4],[5,8,0,3,7,9,6,1,4,2],[8,9,1,6,0,4,3,5,2,7],[9,4,5,3,1,2,6,8,7,0],
              [4,2,8,6,5,7,3,9,0,1],[2,7,9,3,8,0,6,4,1,5],[7,0,4,6,9,1,3,2,5,8]]
VERHOEFF_INV = [0,4,3,2,1,5,6,7,8,9]

def verhoeff_digit(num):
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = VERHOEFF_D[c][VERHOEFF_P[(i + 1) % 8][int(ch)]]
    return str(VERHOEFF_INV[c])

SIZES = {"card": 50, "email": 40, "phone": 50, "iban": 40, "national_id": 50, "ip_address": 40, "secret": 120, "benign": 400}

def split(name, seed, scale):
    g = Gen(seed)
    items = []
    for kind, n in SIZES.items():
        make = getattr(g, {"ip_address": "ip"}.get(kind, kind))
        items += [make() for _ in range(int(n * scale))]
    g.r.shuffle(items)
    with open(name, "w") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")

if __name__ == "__main__":
    split("test.jsonl", 14_03, 1.0)
    split("train.jsonl", 14_01, 1.5)
    split("dev.jsonl", 14_02, 0.75)
