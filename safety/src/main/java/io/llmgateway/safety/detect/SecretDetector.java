package io.llmgateway.safety.detect;

import io.llmgateway.safety.Detector;
import io.llmgateway.safety.Span;
import io.llmgateway.schemas.SafetyCategory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials: keys with a vendor's documented prefix (OpenAI, Anthropic, AWS access key ids,
 * Google API keys and OAuth tokens, GitHub, GitLab, Slack, Stripe, Hugging Face, Groq, xAI,
 * Replicate, Perplexity, SendGrid, npm, PyPI, DigitalOcean, Shopify, Databricks; a prefix followed
 * by a placeholder such as {@code sk-xxxx...} is not a key: it needs 3 bits of entropy per character), JWTs, PEM private-key blocks, the
 * password in a URL's user info, Azure account keys, and high-entropy values assigned to a
 * credential-like name ({@code password=}, {@code client_secret:}, {@code "auth_token": ...},
 * {@code Bearer ...}). A value that is a reference rather than a secret (an environment variable
 * name, a template {@code ${X}} or {@code {{x}}}, a call, {@code <placeholder>}, a dotted member
 * access) is left alone, and so is one without the mix of characters a generated secret has.
 */
public final class SecretDetector implements Detector {

    private static final String NOT_BEFORE = "(?<![A-Za-z0-9_-])";
    private static final String NOT_AFTER = "(?![A-Za-z0-9_-])";

    /** Vendor formats: the prefix alone makes them credentials. Tried only where one of {@link #PREFIXES} starts. */
    private static final Pattern PREFIXED = Pattern.compile(NOT_BEFORE + "(?:"
            + "sk-ant-[a-z]{3,8}\\d{2}-[A-Za-z0-9_-]{40,}"                     // Anthropic
            + "|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,}"               // OpenAI
            + "|(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z2-7]{16}" // AWS key ids
            + "|AIza[A-Za-z0-9_-]{35}"                                          // Google API keys
            + "|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,}"       // GitHub
            + "|glpat-[A-Za-z0-9_-]{20,}"                                       // GitLab
            + "|xox[abposr]-[A-Za-z0-9-]{20,}"                                  // Slack
            + "|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}"                   // Stripe
            + "|hf_[A-Za-z]{30,}"                                               // Hugging Face
            + "|gsk_[A-Za-z0-9]{40,}|xai-[A-Za-z0-9]{50,}|r8_[A-Za-z0-9]{30,}|pplx-[A-Za-z0-9]{40,}" // Groq, xAI, Replicate, Perplexity
            + "|SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"                        // SendGrid
            + "|npm_[A-Za-z0-9]{36}|pypi-AgE[A-Za-z0-9_-]{50,}"                // npm, PyPI
            + "|do[por]_v1_[a-f0-9]{64}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"    // DigitalOcean, Shopify
            + "|ya29\\.[A-Za-z0-9_-]{20,}|dapi[a-f0-9]{32}"                      // Google OAuth, Databricks
            + "|eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}" // JWT
            + ")" + NOT_AFTER);

    /** A PEM private key, to its END line (or to the end of the text when cut off). */
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY( BLOCK)?-----[\\s\\S]*?(?:-----END [A-Z0-9 ]{0,20}PRIVATE KEY( BLOCK)?-----|\\z)");

    /** {@code scheme://user:password@host}: the password. */
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\\s:/@]*:(?<value>[^\\s:/@]{3,})@[A-Za-z0-9.-]");

    /** Connection-string keys (Azure storage, service bus) and signatures. */
    private static final Pattern ACCOUNT_KEY = Pattern.compile(
            "(?i)(?:AccountKey|SharedAccessKey|SharedAccessSignature)=(?<value>[A-Za-z0-9+/=%&:_-]{20,})");

    /** Words a credential's name holds (lower case): where an assignment may start. */
    private static final List<String> NAME_WORDS = List.of("passw", "passphrase", "pwd", "_pass", "secret", "token",
            "apikey", "api_key", "api-key", "accesskey", "access_key", "access-key", "privatekey", "private_key",
            "private-key", "credential", "auth");

    /** After a credential word: the rest of the name, then = or :, then the value (quoted or not). */
    private static final Pattern ASSIGNED_VALUE = Pattern.compile(
            "[A-Za-z0-9_.-]*[\"']?[ \\t]*(?:=|:)[ \\t]*[\"'`]?(?<value>[^\\s\"'`,;]{8,})");

    /** Literal prefixes of {@link #PREFIXED}: a text without any of them skips that pattern. */
    private static final List<String> PREFIXES = List.of("sk-", "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA",
            "ANPA", "ANVA", "AROA", "APKA", "AIza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox",
            "sk_live_", "rk_live_", "pk_live_", "sk_test_", "rk_test_", "pk_test_", "hf_", "eyJ", "gsk_", "xai-", "r8_",
            "pplx-", "SG.", "npm_", "pypi-", "dop_v1_", "doo_v1_", "dor_v1_", "shpat_", "shpca_", "shppa_", "shpss_",
            "ya29.", "dapi");

    /** {@code Authorization: Bearer <token>} and {@code Basic <credentials>}. */
    private static final Pattern BEARER = Pattern.compile(
            "(?i)\\b(?:Bearer|Basic)[ \\t]+(?<value>[A-Za-z0-9._~+/-]{16,}=*)");

    private static final Pattern REFERENCE = Pattern.compile(
            "[A-Z][A-Z0-9_]*|[a-z_]+|[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)+|.*(?:\\$\\{|\\{\\{|[<>()\\[\\]]|\\.\\.\\.).*");

    @Override
    public SafetyCategory category() {
        return SafetyCategory.SECRET;
    }

    @Override
    public void find(String text, List<Span> found) {
        Matcher prefixed = PREFIXED.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        for (String prefix : PREFIXES) {
            for (int at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
                prefixed.region(at, text.length());
                if (prefixed.lookingAt() && entropyBits(prefixed.group()) >= 3.0) {
                    found.add(new Span(at, prefixed.end(), SafetyCategory.SECRET));
                }
            }
        }
        if (text.contains("-----BEGIN")) {
            addAll(PRIVATE_KEY.matcher(text), found, false);
        }
        if (text.contains("://")) {
            addAll(URL_PASSWORD.matcher(text), found, true);
        }
        if (text.indexOf('=') >= 0) {
            addAll(ACCOUNT_KEY.matcher(text), found, true);
        }
        String lower = PatternDetector.lowerCase(text);
        Matcher assigned = ASSIGNED_VALUE.matcher(text);
        for (String word : NAME_WORDS) {
            for (int at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
                assigned.region(at + word.length(), text.length());
                if (assigned.lookingAt() && looksGenerated(assigned.group("value"))) {
                    found.add(new Span(assigned.start("value"), assigned.end("value"), SafetyCategory.SECRET));
                }
            }
        }
        if (!lower.contains("bearer") && !lower.contains("basic")) {
            return;
        }
        Matcher bearer = BEARER.matcher(text);
        while (bearer.find()) {
            if (looksGenerated(bearer.group("value"))) {
                found.add(new Span(bearer.start("value"), bearer.end("value"), SafetyCategory.SECRET));
            }
        }
    }

    private static void addAll(Matcher m, List<Span> found, boolean valueOnly) {
        while (m.find()) {
            found.add(new Span(valueOnly ? m.start("value") : m.start(), valueOnly ? m.end("value") : m.end(),
                    SafetyCategory.SECRET));
        }
    }

    /**
     * Whether a value looks like a generated secret rather than a word, a reference or a number:
     * at least 8 characters, not a reference, not only digits, and either three character classes
     * (lower, upper, digit, symbol) or two with 16 characters or more, with Shannon entropy of at
     * least 3 bits per character.
     */
    static boolean looksGenerated(String value) {
        if (value.length() < 8 || REFERENCE.matcher(value).matches()) {
            return false;
        }
        int lower = 0;
        int upper = 0;
        int digit = 0;
        int other = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = 1;
            } else if (c >= 'A' && c <= 'Z') {
                upper = 1;
            } else if (c >= '0' && c <= '9') {
                digit = 1;
            } else {
                other = 1;
            }
        }
        int classes = lower + upper + digit + other;
        if (classes == digit || !(classes >= 3 || classes == 2 && value.length() >= 16)) {
            return false;
        }
        return entropyBits(value) >= 3.0;
    }

    static double entropyBits(String value) {
        int[] counts = new int[128];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            counts[c < 128 ? c : 127]++;
            n++;
        }
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / n;
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        return bits;
    }
}
