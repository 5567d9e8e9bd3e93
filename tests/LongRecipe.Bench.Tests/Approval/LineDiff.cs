using System.Text;

namespace LongRecipe.Bench.Tests.Approval;

/// <summary>A line diff (longest common subsequence) rendered as "-" expected / "+" received lines with line numbers.</summary>
public static class LineDiff
{
    public static string Render(string expected, string received, int maxLines = 60)
    {
        string[] a = Split(expected), b = Split(received);
        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);

        var text = new StringBuilder();
        int shown = 0, x = 0, y = 0;
        void Line(char sign, int number, string line)
        {
            if (shown++ < maxLines) text.Append(sign).Append(' ').Append(number + 1).Append(": ").AppendLine(Visible(line));
        }
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { x++; y++; }
            else if (y < b.Length && (x == a.Length || common[x, y + 1] >= common[x + 1, y])) { Line('+', y, b[y]); y++; }
            else { Line('-', x, a[x]); x++; }
        }
        if (shown > maxLines) text.AppendLine($"... {shown - maxLines} more differing lines");
        return text.ToString();
    }

    static string[] Split(string text) => text.Replace("\r\n", "\n").Split('\n');

    static string Visible(string line) => line.Length == 0 ? "(empty line)" : line.Replace("\t", "\\t");
}
