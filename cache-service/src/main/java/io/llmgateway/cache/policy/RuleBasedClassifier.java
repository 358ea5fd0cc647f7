package io.llmgateway.cache.policy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules over the user's text (and, for personal context, the system prompt). Any category keeps
 * the answer out of the cache; the order only picks the most specific reason (a random pick for
 * tonight is about chance, my calendar tomorrow is about me). Each rule is a phrase pattern; the
 * matched words are the reason's cue.
 */
public final class RuleBasedClassifier implements CacheabilityClassifier {

    private record Rule(Category category, Pattern pattern) {}

    private static Pattern words(String regex) {
        return Pattern.compile("(?i)(?<![\\w-])(?:" + regex + ")(?![\\w-])");
    }

    private static final List<Rule> USER_RULES = List.of(
            new Rule(Category.RANDOMNESS, words(
                    "random(?:ly)?|at random|surprise me|flip a coin|roll (?:a|two|the) (?:[\\w-]+ )?(?:die|dice)|"
                    + "shuffle|lottery numbers|pick (?:one|any|a)|choose (?:one|any|a random|for me)|"
                    + "generate (?:a |an )?(?:secure |strong |new )?(?:password|passphrase|uuid|guid|token|api key)|"
                    + "don'?t care which")),
            new Rule(Category.PERSONAL, words(
                    "my (?:[\\w-]+ ){0,2}(?:account|accounts|balance|order|orders|subscription|subscriptions|bill|bills|invoice|"
                    + "invoices|payment|payments|card|credit card|bank|transactions|history|purchase history|"
                    + "reading history|files?|documents?|drive|emails?|inbox|messages?|previous message|"
                    + "calendar|schedule|meetings?|appointment|appointments|password|passwords|profile|data|"
                    + "notes|resume|cv|grades|medical records|records|test results|results|medication|"
                    + "package|packages|shipping address|address|support ticket|ticket|shopping cart|cart|"
                    + "vacation days|name|favorite|project|spending|salary|tax return)|"
                    + "(?:did|have|was) i (?:say|tell|told|charged|buy|bought|order|ordered|spend|spent|get|send|"
                    + "sent|upload|uploaded)|i (?:told|said|uploaded|sent|bought|ordered|spent|attached)|"
                    + "do i have|i uploaded|attached file|remind me|remember that|about me|for me based on|"
                    + "based on my|my next|my last|my own")),
            new Rule(Category.TIME_SENSITIVE, words(
                    "today'?s?|tonight|tomorrow|yesterday|right now|now|currently|at the moment|as of|"
                    + "this (?:morning|afternoon|evening|week|weekend|month|year|season|quarter)|"
                    + "last (?:night|week|weekend|month)|latest|newest|most recent|recent(?:ly)?|up to date|"
                    + "breaking|headlines?|news|live|trending|upcoming|next (?:launch|election|match|game|event)|"
                    + "when is the next|forecast|weather (?:in|at|for|like|today|tomorrow|this|tonight)|stock price|share price|exchange rate|mortgage rates?|"
                    + "inflation rate|interest rates?|score of|scores?|standings|who won|leading the|"
                    + "current (?:price|weather|ceo|president|leader|rate|rates|inflation|time|date|status|"
                    + "version|score|standings|events|mortgage)|price of (?:gold|oil|gas|bitcoin|ethereum)|"
                    + "what time is it|what day is it|how much is (?:gas|gold|bitcoin)|playing in theaters")),
            new Rule(Category.CREATIVE, words(
                    "(?:write|compose|draft|create|make up|give me|tell me)(?: me)? (?:a |an |some |five |ten |"
                    + "three |\\d+ )?(?:short |funny |new |catchy |creative |motivational |original |bedtime )?"
                    + "(?:poem|poems|story|stories|song|songs|lyrics|haiku|sonnet|limerick|joke|jokes|rap|verse|"
                    + "slogan|slogans|tagline|taglines|fairy tale|fable|screenplay|script|toast|speech|love letter|"
                    + "riddle|riddles|novel|names?|creative names?|bedtime story|plot twist)|"
                    + "tell me a (?:joke|story)|brainstorm|come up with|suggest (?:some )?names|name ideas|"
                    + "ideas for|invent|imagine|in the style of|startup names?|plot twist|creative")));

    /** The system prompt tells the model about this user: the answer is theirs. */
    private static final Pattern PERSONAL_CONTEXT = words(
            "(?:the )?(?:user|customer|client|patient)(?:'s)? (?:name|id|email|account|profile|history|address|"
            + "plan|preferences|age|location|records?) (?:is|are|:)|account (?:number|id)|user profile|"
            + "you are (?:talking|speaking|chatting) (?:to|with)|the user is");

    @Override
    public Cacheability classify(String systemPrompt, String userText) {
        for (Rule rule : USER_RULES) {
            Matcher m = rule.pattern().matcher(userText);
            if (m.find()) {
                return Cacheability.not(rule.category(), m.group());
            }
        }
        Matcher context = PERSONAL_CONTEXT.matcher(systemPrompt);
        if (context.find()) {
            return Cacheability.not(Category.PERSONAL, "system prompt: " + context.group());
        }
        return Cacheability.CACHEABLE;
    }
}
