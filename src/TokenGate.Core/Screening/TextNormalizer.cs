using System.Text;

namespace TokenGate.Core.Screening;

/// <summary>
/// Folds the obfuscations attackers use into plain lower-case text: NFKC, zero-width and format
/// characters removed, homoglyphs and leetspeak folded, "i g n o r e" joined, whitespace collapsed.
/// The same function feeds the rules, the classifier and its training, so they always agree.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Normalises <paramref name="text"/>; <paramref name="obfuscated"/> says whether any evasion-looking change was made.</summary>
    public static string Normalize(string text, out bool obfuscated)
    {
        ArgumentNullException.ThrowIfNull(text);
        var source = text;
        if (!Ascii.IsValid(source) && !source.IsNormalized(NormalizationForm.FormKC))
        {
            source = source.Normalize(NormalizationForm.FormKC);
        }

        var buffer = source.Length <= 4096 ? stackalloc char[source.Length] : new char[source.Length];
        var length = Fold(source, buffer, out obfuscated);
        length = JoinSpacedLetters(buffer[..length], ref obfuscated);
        return new string(buffer[..length]);
    }

    /// <summary>Normalises without reporting obfuscation.</summary>
    public static string Normalize(string text) => Normalize(text, out _);

    private static int Fold(string source, Span<char> output, out bool obfuscated)
    {
        obfuscated = false;
        var length = 0;
        var pendingSpace = false;
        var leetRunEnd = 0;
        var foldLeetRun = false;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c > 0x7F && IsInvisible(c))
            {
                obfuscated = true;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (c == '\n' && length > 0)
                {
                    // Line starts matter to delimiter rules ("### system:"), so newlines survive as one '\n'.
                    if (output[length - 1] != '\n')
                    {
                        output[length++] = '\n';
                    }

                    pendingSpace = false;
                }
                else if (length > 0 && output[length - 1] != '\n')
                {
                    pendingSpace = true;
                }

                continue;
            }

            if (pendingSpace)
            {
                output[length++] = ' ';
                pendingSpace = false;
            }

            char folded;
            if (c <= 0x7F)
            {
                // ASCII fast path: most prompts never leave it.
                folded = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
            }
            else
            {
                folded = FoldHomoglyph(c);
                obfuscated |= folded != c;
                folded = char.ToLowerInvariant(folded);
            }

            if (IsLeetCandidate(folded))
            {
                // Decide once per run of leet characters, so folding never exposes a new neighbour
                // to a later pass (normalising twice changes nothing).
                if (i >= leetRunEnd)
                {
                    var end = i;
                    while (end < source.Length && IsLeetCandidate(source[end]))
                    {
                        end++;
                    }

                    var after = end < source.Length ? char.ToLowerInvariant(FoldHomoglyph(source[end])) : ' ';
                    var previousIsLetter = length > 0 && char.IsAsciiLetterLower(output[length - 1]);
                    var previousIsDigit = length > 0 && char.IsAsciiDigit(output[length - 1]);
                    leetRunEnd = end;
                    foldLeetRun = (previousIsLetter || char.IsAsciiLetter(after)) && !previousIsDigit && !char.IsAsciiDigit(after);
                }

                if (foldLeetRun)
                {
                    folded = FoldLeet(folded);
                }
            }

            output[length++] = folded;
        }

        return length;
    }

    /// <summary>Joins runs of at least four single letters separated by one space, dot, dash or underscore.</summary>
    private static int JoinSpacedLetters(Span<char> text, ref bool obfuscated)
    {
        var write = 0;
        var read = 0;
        while (read < text.Length)
        {
            var run = SpacedRunLength(text, read);
            if (run >= 4)
            {
                for (var k = 0; k < run; k++)
                {
                    text[write++] = text[read + (2 * k)];
                }

                read += (2 * run) - 1;
                obfuscated = true;
                continue;
            }

            text[write++] = text[read++];
        }

        return write;
    }

    private static int SpacedRunLength(ReadOnlySpan<char> text, int start)
    {
        if (start > 0 && char.IsLetterOrDigit(text[start - 1]))
        {
            return 0;
        }

        var count = 0;
        var i = start;
        while (i < text.Length && char.IsLetter(text[i]) && (i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1])))
        {
            count++;
            if (i + 2 < text.Length && IsLetterSeparator(text[i + 1]) && char.IsLetter(text[i + 2]))
            {
                i += 2;
                continue;
            }

            break;
        }

        return count;
    }

    private static bool IsLetterSeparator(char c) => c is ' ' or '.' or '-' or '_' or '*';

    private static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u180E' or '\uFEFF' or '\u034F'
        || (c >= '\u200B' && c <= '\u200F')
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2060' && c <= '\u2064');

    private static bool IsLeetCandidate(char c) => c is '0' or '1' or '3' or '4' or '5' or '7' or '@' or '$' or '|';

    private static char FoldLeet(char c) => c switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '@' => 'a',
        '$' => 's',
        '|' => 'l',
        _ => c,
    };

    // Cyrillic and Greek letters that render like Latin ones.
    private static char FoldHomoglyph(char c) => c switch
    {
        'а' or 'А' or 'α' or 'Α' => 'a',
        'в' or 'В' or 'β' or 'Β' => 'b',
        'с' or 'С' or 'ϲ' => 'c',
        'е' or 'Е' or 'ε' or 'Ε' => 'e',
        'н' or 'Н' or 'η' or 'Η' => 'h',
        'і' or 'І' or 'ι' or 'Ι' => 'i',
        'ј' or 'Ј' => 'j',
        'к' or 'К' or 'κ' or 'Κ' => 'k',
        'м' or 'М' or 'Μ' => 'm',
        'п' or 'ν' or 'Ν' => 'n',
        'о' or 'О' or 'ο' or 'Ο' => 'o',
        'р' or 'Р' or 'ρ' or 'Ρ' => 'p',
        'ѕ' or 'Ѕ' => 's',
        'т' or 'Т' or 'τ' or 'Τ' => 't',
        'у' or 'У' or 'υ' or 'Υ' => 'y',
        'х' or 'Х' or 'χ' or 'Χ' => 'x',
        'ԁ' => 'd',
        'ɡ' => 'g',
        _ => c,
    };
}
