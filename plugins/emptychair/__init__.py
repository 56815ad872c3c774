"""emptychair: customer stories for a whole company, as a MkDocs plugin and a command line.

The package is laid out in the order data flows, one folder per stage; a stage imports only from the
stages before it:

    stories     files -> validated stories, digest intros and the company's directory (site_config/)
    importing   rows of an export -> story files (writes what `stories` reads)
    publishing  validated stories -> published stories: redacted, rendered once, with their addresses
    index       published stories -> an index by week, department, touchpoint, kind and channel
    balance     the index -> each memo's focus and the customer share against the target
    digests     the index and the balance -> weekly digests per department and for the company
    site        all of the above -> the site's pages, templates, feeds and assets
    mail        a digest -> an e-mail message, and its delivery through SMTP
    pipeline    the stages above assembled once, from settings, for the plugin and the commands
    plugin      MkDocs glue: event handlers that call the pipeline
    cli         the `emptychair` command
"""
