namespace PolyMM.Reports.Dashboard;

/// <summary>
/// A report JSON or fills CSV given to the dashboard is missing or malformed. The message is one line
/// that names the file, so the CLI can print it as is and exit with code 2.
/// </summary>
public sealed class DashboardInputException : Exception
{
    public DashboardInputException()
    {
    }

    public DashboardInputException(string message)
        : base(message)
    {
    }

    public DashboardInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
