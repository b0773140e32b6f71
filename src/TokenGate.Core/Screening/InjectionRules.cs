using System.Buffers;
using System.Text.RegularExpressions;

namespace TokenGate.Core.Screening;

/// <summary>The rule set over normalised (lower-case, folded) text. Names are what reasons report.</summary>
internal static partial class InjectionRules
{
    public const string InstructionOverride = "instruction-override";
    public const string SystemPromptExtraction = "system-prompt-extraction";
    public const string RolePlayJailbreak = "role-play-jailbreak";
    public const string DeveloperMode = "developer-mode";
    public const string DelimiterInjection = "delimiter-injection";
    public const string PolicyEvasion = "policy-evasion";

    private static readonly SearchValues<string> OverrideAnchors = Anchors("ignor", "disregard", "forget", "overrid", "bypass", "abandon", "discard", "skip");
    private static readonly SearchValues<string> GermanAnchors = Anchors("ignorier", "vergiss", "vergessen", "missacht");
    private static readonly SearchValues<string> ExtractionAnchors = Anchors("prompt", "instruction", "message", "rules", "configuration", "directive", "above", "before this", "preceding");
    private static readonly SearchValues<string> RolePlayAnchors = Anchors("anything now", "dan", "jailbr", "character", "restriction", "filter", "censor", "limitation", "guideline", "boundar", "constraint", "moral", "ethic", "unfiltered", "uncensored", "amoral", "unrestricted", "unhinged", "no longer", "refuse");
    private static readonly SearchValues<string> DeveloperAnchors = Anchors(" mode");
    private static readonly SearchValues<string> DelimiterAnchors = Anchors("<|", "[inst", "[/inst", "<<sys", "<</sys", "system", "instruction", "assistant", "##");
    private static readonly SearchValues<string> PolicyAnchors = Anchors("polic", "filter", "guideline", "rules", "restriction");

    public static IReadOnlyList<InjectionRule> All { get; } =
    [
        new(InstructionOverride, StrongOverrideRegex(), 3.2, OverrideAnchors),
        new(InstructionOverride, OverrideRegex(), 2.0, OverrideAnchors),
        new(InstructionOverride, OverrideGermanRegex(), 2.2, GermanAnchors),
        new(SystemPromptExtraction, ExtractionRegex(), 2.4, ExtractionAnchors),
        new(RolePlayJailbreak, RolePlayRegex(), 1.3, RolePlayAnchors),
        new(DeveloperMode, DeveloperModeRegex(), 3.0, DeveloperAnchors),
        new(DelimiterInjection, DelimiterRegex(), 2.6, DelimiterAnchors),
        new(PolicyEvasion, PolicyEvasionRegex(), 2.0, PolicyAnchors),
    ];

    private static SearchValues<string> Anchors(params string[] values) => SearchValues.Create(values, StringComparison.Ordinal);

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // verb + determiners + (an adjective saying "the ones you were given") + a noun for instructions.
    [GeneratedRegex(@"\b(ignore|disregard|forget|override|bypass|abandon|discard|skip)\b( (all|any|every|the|your|my|of|these|those|that|what|everything|you|were|told|previous(ly)?|prior|above|earlier|before|preceding|foregoing|initial|original|former|current|existing|system|safety|default|old|given|and))*( )?(previous(ly)?|prior|above|earlier|before|preceding|foregoing|initial|original|former|system|safety|default)( (all|any|the|your|of|given|to you))* (instructions?|prompts?|rules|directions|directives|guidelines|commands|programming|constraints|guardrails|restrictions|polic(y|ies)|context|orders|tasks?|messages?|conversation|text|information|input)\b", Options)]
    private static partial Regex OverrideRegex();

    // The canonical form ("ignore all previous instructions") is rare in benign traffic.
    [GeneratedRegex(@"\b(ignore|disregard|forget)( all| any)?( of)?( the| your| my| these)? (previous|prior|above|earlier|preceding) (instructions|prompts|directions|directives|guidelines|rules)\b", Options)]
    private static partial Regex StrongOverrideRegex();

    [GeneratedRegex(@"\b(ignorier(e|en)?|vergiss|vergessen sie|missachte)\b[^.\n]{0,40}\b(anweisungen|instruktionen|vorherige[nm]?|alles|aufgaben|regeln|befehle)\b", Options)]
    private static partial Regex OverrideGermanRegex();

    [GeneratedRegex(@"\b(reveal|show|print|repeat|output|display|leak|dump|expose|give|tell|write out|spell out|share|return)( me| us)?( all| back| out)? (your|the|its|all)( full| entire| exact| complete| original| verbatim)? (system|initial|original|hidden|secret|internal|confidential|pre-?|starting|first)( ?prompts?| instructions| messages?| rules| configuration| directives)\b|\b(repeat|print|output|return|write)( back| out)? (the |all )?(words|text|everything|content|instructions) (above|before this|preceding)\b|\bwhat (is|are|was|were) your (system prompt|initial instructions|original instructions|hidden instructions|secret instructions)\b", Options)]
    private static partial Regex ExtractionRegex();

    [GeneratedRegex(@"\bdo anything now\b|\b(you are|you're|act as|become|stay|pretend to be|called|as) (a )?dan\b|\bdan mode\b|\bjailbr(ea|o)k(en|ed)? (mode|prompt|version|ai)\b|\b(stay|remain|keep) in character\b|\b(without|no|free (of|from)|not bound by|freed from|break free (of|from)|released from) (any )?(ethical |moral |content |safety )?(restrictions|filters|censorship|limitations|guidelines|boundaries|constraints|morals|ethics)\b|\b(unfiltered|uncensored|amoral|unrestricted|unethical|unhinged) (ai|assistant|chatbot|model|responses?|mode|version|persona|character)\b|\byou are no longer (bound|restricted|chatgpt|an ai|limited)\b|\bnever refuses?\b", Options)]
    private static partial Regex RolePlayRegex();

    [GeneratedRegex(@"\b(developer|dev|god|jailbreak|sudo|unrestricted|dan) mode (is )?(enabled|activated|on|unlocked)\b|\b(you are|you're|you will|now) (now )?(in|enter|entering|running in|operate in|switch to) (developer|dev|god|sudo|debug|admin|unrestricted) mode\b|\b(simulate|emulate|act as if) (developer|dev|god) mode\b|\(developer mode output\)", Options)]
    private static partial Regex DeveloperModeRegex();

    [GeneratedRegex(@"<\|(im_start|im_end|system|user|assistant|endoftext|begin_of_text|start_header_id|end_header_id|eot_id)\|>|\[/?inst\]|<</?sys>>|(^|\n) ?#{2,} ?(system|instructions?|new instructions?|assistant) ?:|(^|\n) ?(system|new system prompt|system override) ?:|</?system>|\]\]> ?<system", Options)]
    private static partial Regex DelimiterRegex();

    [GeneratedRegex(@"\b(ignore|bypass|violate|break|disregard|circumvent|evade)s? (the |all |any |your )?(openai|content|usage|ethical|safety|moderation) (polic(y|ies)|filters?|guidelines|rules)\b|\b(doesn't|does not|don't|do not|won't|will not) (have to )?(follow|abide by|adhere to|comply with|care about) (openai|any|the|content|ethical|safety)( content| usage)? (polic(y|ies)|guidelines|rules|restrictions)\b", Options)]
    private static partial Regex PolicyEvasionRegex();
}
