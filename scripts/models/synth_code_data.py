"""Everyday programming and IT requests, written for emmentaler's intent head (benign).

Written by a helper session of the emmentaler project in its own words, not copied from any dataset
or red-team package. Users ask for code, scripts, APIs, automation, networking and security-adjacent
work that is legitimate; a head trained only on harmful code requests (malware, intrusion) and
textbook exercises learns that "write code that accesses X" is harmful. Each request carries a topic
key so grouped cross-validation holds a topic out."""

from __future__ import annotations

REQUESTS: tuple[tuple[str, str], ...] = (
    ("github_api_python", "sample code to call the GitHub API in python and list my repos"),
    (
        "github_api_python",
        "How do I use a personal access token with requests to fetch the open issues on one of my "
        "GitHub repositories? I'd like to print title and author for each.",
    ),
    (
        "github_api_python",
        "quick python snippet: get all stars count for repos in my org via github rest api",
    ),
    (
        "oauth_google_login",
        "Can you walk me through adding 'Sign in with Google' to my Django site using OAuth 2.0? "
        "I'm confused about redirect URIs and where the client secret goes.",
    ),
    (
        "oauth_google_login",
        "oauth2 authorization code flow with PKCE for a single page app, explain like im five pls",
    ),
    (
        "oauth_google_login",
        "I keep getting redirect_uri_mismatch when testing Google login on localhost:8000. In the "
        "Cloud console I added http://localhost:8000 as an authorized origin and "
        "http://localhost:8000/auth/callback as a redirect URI, and my Django settings use the "
        "same callback path. The error page shows "
        "redirect_uri=http://127.0.0.1:8000/auth/callback though. Is localhost vs 127.0.0.1 "
        "really the problem, and what's the cleanest way to keep dev and prod redirect URIs "
        "straight?",
    ),
    ("graphql_query_client", "How do I send a GraphQL query with variables from Python?"),
    (
        "graphql_query_client",
        "I'm building a small React app that reads from our company's GraphQL endpoint. Should I "
        "use Apollo Client or just fetch? Show a minimal example of querying a list of products "
        "with pagination.",
    ),
    (
        "graphql_query_client",
        "write a graphql mutation + the js code to call it for updating a user's display name",
    ),
    (
        "webhook_receiver",
        "Write a small Flask endpoint that receives GitHub webhooks and verifies the "
        "X-Hub-Signature-256 header.",
    ),
    (
        "webhook_receiver",
        "how do i test webhooks locally when my laptop isn't reachable from the internet",
    ),
    (
        "webhook_receiver",
        "Our Shopify store should ping our inventory service whenever an order is created. What's "
        "the cleanest way to receive and validate that webhook in Node/Express?",
    ),
    (
        "rate_limit_retry",
        "The API I'm calling returns 429 Too Many Requests after about 100 calls. How do I add "
        "exponential backoff with jitter in Python?",
    ),
    ("rate_limit_retry", "best way to respect Retry-After headers in an axios client?"),
    (
        "rate_limit_retry",
        "Could you please show me a token bucket rate limiter so my script stays under 10 "
        "requests per second to a partner API?",
    ),
    ("api_pagination", "how to loop through all pages of a REST API that uses cursor pagination"),
    (
        "api_pagination",
        "The Zendesk API gives me a next_page URL in every response. Write a generator function "
        "in Python that yields every ticket until there are no more pages.",
    ),
    (
        "api_pagination",
        "offset vs cursor pagination for my own API — which should I implement and why?",
    ),
    (
        "multipart_file_upload",
        "How do I upload a file with multipart/form-data using fetch in the browser?",
    ),
    (
        "multipart_file_upload",
        "python requests: upload a 2GB video to our internal API without loading it all into "
        "memory",
    ),
    (
        "multipart_file_upload",
        "Mi API en FastAPI tiene que recibir imágenes subidas por los usuarios. ¿Cómo valido el "
        "tamaño y el tipo de archivo antes de guardarlo?",
    ),
    (
        "slack_bot_team",
        "I want a Slack bot for my team that posts the daily standup reminder at 9:30 and "
        "collects answers in a thread. Where do I start?",
    ),
    (
        "slack_bot_team",
        "slack bolt python example that responds to a slash command /lunch with a random "
        "restaurant from a list",
    ),
    (
        "slack_bot_team",
        "How do I send a message to a Slack channel from a Python script using an incoming "
        "webhook?",
    ),
    (
        "discord_bot_team",
        "make a discord bot in discord.py that welcomes new members of my study group server",
    ),
    (
        "discord_bot_team",
        "My discord.js bot stopped reading message content after I updated. Do I need to enable "
        "some intent?",
    ),
    (
        "discord_bot_team",
        "Could you write a simple Discord bot that tracks which of my friends is hosting game "
        "night each week and lets people sign up with a command?",
    ),
    ("telegram_bot_notify", "send myself a telegram message when my long training job finishes"),
    (
        "telegram_bot_notify",
        "What's the minimal code for a Telegram bot that replies to /status with the CPU "
        "temperature of my Raspberry Pi?",
    ),
    (
        "telegram_bot_notify",
        "Ich möchte einen Telegram-Bot für unseren Sportverein bauen, der Trainingszeiten "
        "ankündigt. Welche Python-Bibliothek empfiehlst du?",
    ),
    (
        "s3_upload_sdk",
        "boto3 code to upload a folder to an S3 bucket, keeping the directory structure",
    ),
    (
        "s3_upload_sdk",
        "How do I generate a presigned URL so users of my app can upload avatars directly to S3 "
        "without going through my server?",
    ),
    (
        "s3_upload_sdk",
        "I'm using Google Cloud Storage for the first time. Can you show how to upload and then "
        "list files in a bucket with the Python client library, and how auth works on my laptop?",
    ),
    ("stripe_sandbox", "How do I test Stripe payments in test mode with the fake card numbers?"),
    (
        "stripe_sandbox",
        "I'm a junior dev at a bakery chain and we want customers to preorder cakes online for "
        "pickup. My manager wants everything tested in sandbox before we touch real money. Could "
        "you outline how to integrate Stripe Checkout in test mode with a Node backend, including "
        "creating the session, handling the checkout.session.completed webhook to mark the order "
        "paid, and what I need to change when we go live? We only have about 30 products.",
    ),
    (
        "stripe_sandbox",
        "paypal sandbox vs stripe test mode for a student project, which is easier to set up",
    ),
    (
        "weather_api_fetch",
        "fetch current weather for my city from the OpenWeatherMap API and print temp in celsius",
    ),
    (
        "weather_api_fetch",
        "Where should I store the API key for a weather API in a small React app so it doesn't "
        "end up in the bundle?",
    ),
    (
        "weather_api_fetch",
        "Quiero mostrar el pronóstico de 5 días en mi página web personal. ¿Me das un ejemplo en "
        "JavaScript usando una API gratuita?",
    ),
    ("rest_api_flask", "build a simple REST API with Flask for a todo list with GET, POST, DELETE"),
    (
        "rest_api_flask",
        "What's the proper HTTP status code to return when a POST creates a resource, and should "
        "I include a Location header?",
    ),
    (
        "rest_api_flask",
        "Please help me design REST endpoints for a library app: books, members, loans. I'm "
        "unsure how to model returning a book.",
    ),
    (
        "openapi_client_gen",
        "Can I generate a TypeScript client from an OpenAPI spec automatically?",
    ),
    (
        "openapi_client_gen",
        "fastapi is generating my openapi.json but the enum fields show as plain strings in "
        "swagger ui, how to fix",
    ),
    (
        "openapi_client_gen",
        "We have a YAML OpenAPI 3 file for our internal billing service. What's a good workflow "
        "for generating Python and Go clients and keeping them in sync in CI?",
    ),
    ("google_sheets_api", "append a row to a google sheet from python using a service account"),
    (
        "google_sheets_api",
        "How do I read a range from Google Sheets in Apps Script and email it to myself every "
        "Monday?",
    ),
    (
        "google_sheets_api",
        "gspread keeps saying SpreadsheetNotFound even though I can open the sheet in my browser. "
        "what am i missing",
    ),
    (
        "jwt_api_auth",
        "How should I validate JWTs in my Express API — check signature, expiry, audience?",
    ),
    (
        "jwt_api_auth",
        "access token + refresh token pattern for a mobile app talking to my backend, where to "
        "store them on the phone",
    ),
    (
        "jwt_api_auth",
        "Explain the difference between HS256 and RS256 for signing tokens in my own auth service.",
    ),
    ("publish_pypi", "How do I publish my Python package to PyPI using pyproject.toml?"),
    (
        "publish_pypi",
        "first time uploading to pypi, twine says 403 forbidden. do I need an API token instead "
        "of password?",
    ),
    (
        "publish_pypi",
        "Could you set up a GitHub Actions workflow that builds my package and publishes to PyPI "
        "using trusted publishing whenever I push a version tag?",
    ),
    ("publish_npm", "steps to publish a scoped npm package under my org"),
    (
        "publish_npm",
        "I wrote a small date formatting helper in TypeScript. How do I ship it to npm with both "
        "ESM and CommonJS builds and type declarations?",
    ),
    (
        "publish_npm",
        "npm publish included my whole test folder and .env.example, how do i control which files "
        "get packed",
    ),
    ("publish_crate", "how to publish a rust crate to crates.io"),
    (
        "publish_crate",
        "My crate has a feature flag for serde support. What's the right way to declare optional "
        "dependencies in Cargo.toml so docs.rs builds all features?",
    ),
    (
        "publish_crate",
        "Before my first cargo publish, what metadata should Cargo.toml have (license, "
        "description, repository) and how do I do a dry run?",
    ),
    ("trie_library", "implement a trie in python with insert, search and starts_with"),
    (
        "trie_library",
        "I'd like to write a small autocomplete library in Rust based on a trie. Could you sketch "
        "the struct layout and the API it should expose?",
    ),
    (
        "trie_library",
        "Je dois implémenter un arbre préfixe (trie) en Java pour un projet d'autocomplétion. Tu "
        "peux me montrer une version simple avec des HashMap ?",
    ),
    ("cli_argparse", "Write a Python CLI with argparse that has two subcommands: add and list."),
    ("cli_argparse", "click vs typer vs argparse for a small internal tool, which one"),
    (
        "cli_argparse",
        "How do I make my python command line tool installable so people can just type `mytool` "
        "after pip install? I'm using pyproject.",
    ),
    (
        "pytest_unit_tests",
        "write pytest tests for a function that parses dates like '2024-03-05' and raises "
        "ValueError on garbage",
    ),
    (
        "pytest_unit_tests",
        "How do I mock requests.get in pytest so my tests don't hit the network?",
    ),
    (
        "pytest_unit_tests",
        "Our team's test suite takes 12 minutes. Any tips for parallelizing pytest and finding "
        "the slowest tests?",
    ),
    ("github_actions_ci", "github actions yaml to run tests on python 3.10, 3.11 and 3.12"),
    ("github_actions_ci", "How can I cache node_modules in GitHub Actions so installs are faster?"),
    (
        "github_actions_ci",
        "I need a CI pipeline in GitLab that lints, runs unit tests and builds a Docker image "
        "only on the main branch. Could you write the .gitlab-ci.yml?",
    ),
    (
        "dockerfile_python",
        "write a Dockerfile for a FastAPI app using a slim python image and a non-root user",
    ),
    (
        "dockerfile_python",
        "my docker image is 1.4GB for a tiny flask app, how do I make it smaller",
    ),
    (
        "dockerfile_python",
        "Why does Docker rebuild my pip install layer every time I change one line of code? How "
        "should I order the COPY instructions?",
    ),
    ("makefile_c_project", "simple Makefile for a C project with src/ and include/ folders"),
    ("makefile_c_project", "What does $@ and $< mean in a Makefile?"),
    (
        "makefile_c_project",
        "Could you write a Makefile with targets for build, test, clean and format for my Go "
        "project? I'm used to npm scripts so please explain the phony bits.",
    ),
    ("semver_changelog", "when should i bump major vs minor version for my library"),
    (
        "semver_changelog",
        "Is there a tool that generates a CHANGELOG.md from conventional commit messages "
        "automatically?",
    ),
    (
        "semver_changelog",
        "We deprecated a function in our SDK. What's a polite way to warn users in Python for a "
        "couple of releases before removing it?",
    ),
    ("rust_cli_clap", "rust clap derive example with a --verbose flag and a required input path"),
    (
        "rust_cli_clap",
        "How do I read a file line by line in Rust and count word frequencies for a little CLI "
        "I'm writing?",
    ),
    (
        "rust_cli_clap",
        "In my Rust CLI, what's the idiomatic way to handle errors — anyhow, thiserror, or "
        "Box<dyn Error>?",
    ),
    ("lru_cache_impl", "implement an LRU cache with O(1) get and put"),
    (
        "lru_cache_impl",
        "How does functools.lru_cache work under the hood, and how would I write my own version "
        "with a TTL?",
    ),
    (
        "lru_cache_impl",
        "Please write a thread-safe LRU cache class in Java that I can use in our service for "
        "caching product lookups.",
    ),
    ("dijkstra_impl", "dijkstra shortest path in python using heapq"),
    (
        "dijkstra_impl",
        "I'm writing a routing library for hiking trails. Should I use Dijkstra or A*, and what "
        "heuristic makes sense for geographic coordinates?",
    ),
    (
        "dijkstra_impl",
        "Implementa el algoritmo de Dijkstra en C++ con una cola de prioridad, por favor, y "
        "explica la complejidad.",
    ),
    ("docker_compose_stack", "docker-compose file with postgres, redis and my node app"),
    (
        "docker_compose_stack",
        "My app container starts before Postgres is ready and crashes. How do I use healthchecks "
        "with depends_on in compose?",
    ),
    (
        "docker_compose_stack",
        "how do I persist data for a mysql container across restarts in docker compose",
    ),
    ("pre_commit_hooks", "set up pre-commit with black, ruff and mypy"),
    (
        "pre_commit_hooks",
        "How do I write a git hook that stops me from committing files larger than 5MB?",
    ),
    (
        "pre_commit_hooks",
        "Our repo has a husky pre-commit hook that runs eslint on everything and takes forever. "
        "Can it run only on staged files?",
    ),
    ("typescript_types_lib", "how to write a .d.ts file for an old JS library with no types"),
    (
        "typescript_types_lib",
        "Explain TypeScript generics with a practical example, like a typed fetch wrapper.",
    ),
    (
        "typescript_types_lib",
        "What's the difference between `type` and `interface` in TypeScript and which should I "
        "use in a public library?",
    ),
    ("go_module_setup", "how do I start a new go module and import a package from my own repo"),
    ("go_module_setup", "go build says 'missing go.sum entry'. What does it want me to do?"),
    (
        "go_module_setup",
        "We have a monorepo with three Go services sharing a common package. Should I use go "
        "workspaces or replace directives?",
    ),
    (
        "backup_rsync",
        "rsync command to back up my home folder to an external drive, skipping node_modules",
    ),
    (
        "backup_rsync",
        "I'd like nightly incremental backups of my photos folder to my NAS with hard links so "
        "unchanged files don't take extra space. How would you do it with rsync or restic?",
    ),
    (
        "backup_rsync",
        "Wie richte ich unter Linux ein automatisches Backup meiner Dokumente auf eine externe "
        "Festplatte ein?",
    ),
    ("bulk_rename_photos", "rename all my vacation photos to the date they were taken (from EXIF)"),
    (
        "bulk_rename_photos",
        "powershell one-liner to rename files in a folder from 'IMG_1234.jpg' to 'trip_001.jpg' "
        "in order",
    ),
    (
        "bulk_rename_photos",
        "Tenho centenas de arquivos PDF com nomes bagunçados. Como faço um script em Python para "
        "renomeá-los usando o título que está dentro do documento?",
    ),
    (
        "scrape_own_site",
        "I run a small WordPress blog. How can I crawl my own site to find broken links?",
    ),
    (
        "scrape_own_site",
        "write a script that pulls every product name and price from my shop's sitemap so I can "
        "audit them in a spreadsheet",
    ),
    (
        "scrape_own_site",
        "Our marketing site has 400 pages. Could you help me write a crawler that checks every "
        "page on our domain has a meta description and title tag?",
    ),
    ("polite_scraper_robots", "How do I check robots.txt in Python before scraping a page?"),
    (
        "polite_scraper_robots",
        "I'm collecting public government data on air quality for a school project. How do I "
        "scrape it politely — delays, user agent, caching?",
    ),
    (
        "polite_scraper_robots",
        "beautifulsoup example to get the table of train timetables from a public page, with a "
        "sleep between requests so I don't hammer the server",
    ),
    ("excel_fill_openpyxl", "fill an excel template with data from a csv using openpyxl"),
    (
        "excel_fill_openpyxl",
        "Every month I copy numbers from 12 CSV exports into one Excel report by hand. Can you "
        "write a Python script that does this and keeps the formatting of the template?",
    ),
    ("excel_fill_openpyxl", "vba macro to highlight rows where column D is past today's date"),
    ("cron_job_setup", "how do I run a python script every day at 7am on ubuntu"),
    (
        "cron_job_setup",
        "My cron job works when I run it manually but does nothing from crontab. The line is `0 7 "
        "* * * python3 ~/scripts/report.py` and the script uses pandas from a virtualenv. Path "
        "issue? How do I debug it?",
    ),
    (
        "cron_job_setup",
        "systemd timer vs cron for scheduling a cleanup script on my server — what are the pros "
        "and cons?",
    ),
    (
        "weekly_email_report",
        "Write a Python script that emails a weekly sales summary to my team using SMTP with an "
        "app password.",
    ),
    ("weekly_email_report", "send an html email with a chart attached from python, gmail"),
    (
        "weekly_email_report",
        "I manage a small support team of six people. Every Friday I download a CSV export from "
        "our helpdesk, count tickets by category and by agent, and paste a table into an email to "
        "my colleagues and my boss. It takes me about 40 minutes. Could you help me automate this "
        "with a Python script that reads the newest CSV from a folder, builds a small HTML table, "
        "and sends it through our Office 365 SMTP account? I can run it from my work laptop with "
        "Task Scheduler.",
    ),
    ("server_disk_monitor", "bash script that alerts me when disk usage on my VPS goes over 90%"),
    (
        "server_disk_monitor",
        "What's a lightweight way to monitor CPU, memory and disk on two personal servers? "
        "Prometheus feels like overkill.",
    ),
    ("server_disk_monitor", "set up node_exporter + grafana to watch my home server, step by step"),
    (
        "uptime_check",
        "simple script to check if my website is up every 5 minutes and notify me if it's down",
    ),
    ("uptime_check", "How can I monitor SSL certificate expiry dates for the five domains I own?"),
    (
        "uptime_check",
        "Could you write a small Go program that pings a list of my service health endpoints "
        "concurrently and prints which ones failed?",
    ),
    ("download_organizer", "script to sort my Downloads folder into subfolders by file type"),
    (
        "download_organizer",
        "I want a watcher that moves new PDFs from Downloads into Documents/Invoices "
        "automatically on macOS. watchdog library?",
    ),
    (
        "download_organizer",
        "delete files older than 30 days in a folder, windows batch or powershell",
    ),
    ("csv_merge_script", "merge 50 csv files with the same columns into one"),
    (
        "csv_merge_script",
        "I have CSV exports from two bank accounts with different column names. How can I combine "
        "them into one clean file for budgeting?",
    ),
    (
        "csv_merge_script",
        "Como faço para juntar vários arquivos CSV com pandas e remover as linhas duplicadas?",
    ),
    ("invoice_pdf_generate", "generate PDF invoices from a list of clients in python"),
    (
        "invoice_pdf_generate",
        "I'm a freelancer. Can you help me make a script that fills an HTML invoice template and "
        "converts it to PDF with my logo?",
    ),
    ("invoice_pdf_generate", "reportlab vs weasyprint for making nice looking PDF reports?"),
    ("git_auto_pull", "auto pull my dotfiles repo every hour on all my machines"),
    (
        "git_auto_pull",
        "How do I deploy my static site automatically when I push to main? It's hosted on a cheap "
        "VPS.",
    ),
    (
        "git_auto_pull",
        "Is it a bad idea to have a cron job that runs git pull on my production server? What "
        "would be a better simple deployment approach?",
    ),
    ("db_backup_postgres", "pg_dump cron job that keeps the last 7 backups"),
    ("db_backup_postgres", "How do I restore a single table from a PostgreSQL custom-format dump?"),
    (
        "db_backup_postgres",
        "Our app runs MySQL on one VM. Could you suggest a backup strategy with offsite copies "
        "and a way to test that restores actually work?",
    ),
    (
        "calendar_reminder",
        "python script that reads my google calendar and texts me the first meeting of the day",
    ),
    (
        "calendar_reminder",
        "Can I create recurring events from a CSV into an .ics file that I can import into "
        "Outlook?",
    ),
    (
        "calendar_reminder",
        "remind me to drink water every hour with a desktop notification on linux lol",
    ),
    ("resize_images_batch", "batch resize all jpgs in a folder to 1200px wide with Pillow"),
    (
        "resize_images_batch",
        "imagemagick command to convert a folder of PNGs to WebP at 80% quality",
    ),
    (
        "resize_images_batch",
        "For my online store I need thumbnails in three sizes whenever a product image is added. "
        "What's a simple way to automate that?",
    ),
    ("log_rotation", "how to configure logrotate for my app's log files"),
    (
        "log_rotation",
        "My Python app's log file grew to 20GB. How do I use RotatingFileHandler so it doesn't "
        "happen again?",
    ),
    ("log_rotation", "journald is eating disk space on my raspberry pi, how do i cap it"),
    (
        "router_port_forward",
        "how do I forward port 25565 on my router so friends can join my minecraft server",
    ),
    (
        "router_port_forward",
        "I set up port forwarding for my home Plex server but it still says not reachable from "
        "outside. Could CGNAT from my ISP be the reason? How can I tell?",
    ),
    (
        "router_port_forward",
        "Wie richte ich eine Portweiterleitung an meiner FritzBox für meinen eigenen Webserver "
        "ein?",
    ),
    (
        "wireguard_home",
        "set up wireguard on my raspberry pi so I can reach my home network from my phone",
    ),
    (
        "wireguard_home",
        "My WireGuard tunnel connects but I can't reach devices on my LAN. Is it AllowedIPs or do "
        "I need IP forwarding?",
    ),
    (
        "wireguard_home",
        "Could you explain the difference between a full tunnel and split tunnel VPN for my home "
        "setup, and how to configure each in WireGuard?",
    ),
    ("ssh_key_setup", "how to generate an ssh key and add it to my server"),
    (
        "ssh_key_setup",
        "I want to disable password login on my VPS and only allow SSH keys. What do I change in "
        "sshd_config without locking myself out?",
    ),
    (
        "ssh_key_setup",
        "Wie verwalte ich mehrere SSH-Schlüssel für verschiedene GitHub-Konten in der "
        "~/.ssh/config?",
    ),
    ("ufw_firewall", "ufw rules to allow only ssh, http and https on my ubuntu server"),
    (
        "ufw_firewall",
        "Docker seems to ignore my UFW rules and exposes container ports anyway. Why, and how do "
        "I fix it?",
    ),
    (
        "ufw_firewall",
        "Could you write nftables rules for my home router box: allow established traffic, allow "
        "LAN to WAN, drop unsolicited inbound?",
    ),
    ("nginx_reverse_proxy", "nginx reverse proxy config for a node app running on port 3000"),
    (
        "nginx_reverse_proxy",
        "How do I host three different web apps on one server with subdomains using Caddy?",
    ),
    (
        "nginx_reverse_proxy",
        "websockets keep disconnecting behind my nginx proxy after 60 seconds, what "
        "headers/timeouts am i missing",
    ),
    (
        "dns_records_domain",
        "what DNS records do I need to point my domain to a VPS and use it for email too",
    ),
    (
        "dns_records_domain",
        "Explain SPF, DKIM and DMARC like I'm setting them up for my small business domain for "
        "the first time.",
    ),
    (
        "dns_records_domain",
        "changed my A record 2 hours ago and half my devices still go to the old IP, how do I "
        "check propagation and flush dns",
    ),
    ("letsencrypt_tls", "set up a free TLS certificate with certbot for nginx"),
    (
        "letsencrypt_tls",
        "How do I get a wildcard Let's Encrypt certificate using the DNS challenge with "
        "Cloudflare?",
    ),
    (
        "letsencrypt_tls",
        "My browser says NET::ERR_CERT_COMMON_NAME_INVALID on my own site. What did I "
        "misconfigure?",
    ),
    ("own_open_ports", "how do I see which ports are open on my own laptop"),
    (
        "own_open_ports",
        "On my Linux server, which command shows what process is listening on port 8080?",
    ),
    (
        "own_open_ports",
        "I just finished setting up my home server (Debian, running Nextcloud, Jellyfin, a "
        "Postgres database and a couple of Docker containers). Before I open anything to the "
        "internet I'd like to audit it: which services are listening, which ones are bound to "
        "localhost versus 0.0.0.0, and whether Docker published anything I didn't intend. Could "
        "you suggest commands like ss or nmap against my own box and explain what to look for in "
        "the output?",
    ),
    (
        "wireshark_own_debug",
        "how do I capture traffic on my own machine with tcpdump to debug why my app's requests "
        "to our API time out",
    ),
    ("wireshark_own_debug", "Wireshark filter to show only DNS queries from my laptop?"),
    (
        "wireshark_own_debug",
        "I captured a pcap on my home network while my smart TV kept dropping wifi. What should I "
        "look at to understand the disconnects?",
    ),
    ("load_test_own_site", "How do I load test my own website with k6 before launch?"),
    (
        "load_test_own_site",
        "locust script that simulates users logging in and browsing products on our staging server",
    ),
    (
        "load_test_own_site",
        "We expect a big traffic spike next month when a popular band's tickets go on sale on our "
        "own platform. Could you help me plan a load test against our staging environment — "
        "ramp-up profile, how many virtual users to simulate, metrics to watch on the app servers "
        "and database, and how to tell whether the bottleneck is the app, the DB connection pool "
        "or the payment provider's sandbox?",
    ),
    ("static_ip_raspberry", "static ip on raspberry pi bookworm?"),
    (
        "static_ip_raspberry",
        "Is it better to set a DHCP reservation on the router or a static IP on the device itself "
        "for my home server?",
    ),
    ("static_ip_raspberry", "netplan yaml for a static ip on ubuntu server 22.04"),
    ("nas_samba_share", "set up a samba share on ubuntu so my windows laptop can access it"),
    (
        "nas_samba_share",
        "My Mac can't connect to the SMB share on my Linux box, but Windows can. Any ideas?",
    ),
    (
        "nas_samba_share",
        "Quelle est la meilleure façon de partager un dossier entre mon PC Linux et le Mac de ma "
        "femme sur le réseau local ?",
    ),
    ("ssh_tunnel_db", "how to connect to my postgres on a remote server through an ssh tunnel"),
    (
        "ssh_tunnel_db",
        "Can you explain local vs remote SSH port forwarding with examples? I want to reach my "
        "dev server's Redis from my laptop.",
    ),
    (
        "ssh_tunnel_db",
        "dbeaver ssh tunnel setup keeps failing with 'auth fail', key works in terminal though",
    ),
    (
        "mtu_latency_debug",
        "why are large downloads stalling over my VPN but small pages load fine? someone "
        "mentioned MTU",
    ),
    (
        "mtu_latency_debug",
        "How do I use mtr or traceroute to figure out where latency is coming from between my "
        "office and our cloud server?",
    ),
    (
        "mtu_latency_debug",
        "intermittent packet loss on my home fiber, how can I collect evidence to send my ISP",
    ),
    (
        "vlan_home_lab",
        "How do I put my IoT devices on a separate VLAN in my home lab with a managed switch and "
        "OPNsense?",
    ),
    ("vlan_home_lab", "vlan tagging explained simply, I'm setting up a homelab"),
    (
        "vlan_home_lab",
        "Could you suggest a network layout for a small office: staff, guests, and printers "
        "separated, with the guest wifi only reaching the internet?",
    ),
    ("pihole_setup", "install pi-hole in docker and use it as DNS for my whole house"),
    (
        "pihole_setup",
        "After setting up Pi-hole some websites on my own network don't load. How do I see what's "
        "being blocked and whitelist it?",
    ),
    ("pihole_setup", "pihole + unbound as recursive resolver, is it worth it and how"),
    (
        "tailscale_remote_access",
        "tailscale vs wireguard for accessing my home server remotely, which is easier",
    ),
    (
        "tailscale_remote_access",
        "How do I use Tailscale to SSH into my desktop at home from my work laptop (with IT's "
        "approval)?",
    ),
    (
        "tailscale_remote_access",
        "Can I expose a service on my home server to only my own devices without opening any "
        "ports on the router?",
    ),
    ("password_hashing", "how should I hash user passwords in my node app, bcrypt or argon2?"),
    (
        "password_hashing",
        "Is SHA-256 with a salt good enough for storing passwords? My senior says no and I want "
        "to understand why.",
    ),
    (
        "password_hashing",
        "Could you show me how to hash and verify passwords with argon2-cffi in Python, including "
        "rehashing when parameters change?",
    ),
    ("secrets_storage", "where should I keep API keys for my app instead of hardcoding them"),
    (
        "secrets_storage",
        "I accidentally committed an AWS key to a public GitHub repo. What do I do right now, and "
        "how do I remove it from history?",
    ),
    (
        "secrets_storage",
        "What's a sensible way for a 4-person startup to manage secrets across dev, staging and "
        "prod — .env files, Vault, or the cloud provider's secret manager?",
    ),
    ("sql_injection_prevent", "how do I prevent SQL injection in my PHP login form"),
    (
        "sql_injection_prevent",
        "Is this safe? cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\") — if not, "
        "how do I rewrite it with parameters?",
    ),
    (
        "sql_injection_prevent",
        "Como evito inyección SQL en mi aplicación Node con MySQL? Uso consultas armadas con "
        "concatenación de strings.",
    ),
    ("csrf_tokens", "do I need CSRF tokens if my API uses JWT in the Authorization header?"),
    ("csrf_tokens", "How do I add CSRF protection to my Express app that uses cookie sessions?"),
    ("csrf_tokens", "explain SameSite=Lax vs Strict cookies and whether they replace CSRF tokens"),
    ("totp_2fa", "add TOTP two-factor authentication to my Django app"),
    (
        "totp_2fa",
        "How do authenticator apps generate those 6-digit codes? I want to understand TOTP before "
        "implementing it for our users.",
    ),
    (
        "totp_2fa",
        "Please help me design the recovery flow for users who lose their 2FA device — backup "
        "codes, how many, how to store them hashed.",
    ),
    (
        "buffer_overflow_course",
        "For my systems programming course, can you explain how a stack buffer overflow "
        "overwrites the return address, and what stack canaries and ASLR do to prevent it?",
    ),
    (
        "buffer_overflow_course",
        "why is gets() considered dangerous in C and what should I use instead",
    ),
    (
        "buffer_overflow_course",
        "Our lecture mentioned NX bits and DEP. How do these defenses work at the OS level? "
        "Studying for my security exam.",
    ),
    (
        "ctf_beginner",
        "I'm doing picoCTF for the first time. What tools should I install for the beginner "
        "crypto and forensics challenges?",
    ),
    (
        "ctf_beginner",
        "ctf practice challenge gives me a base64 string that decodes to more gibberish, what "
        "should i try next? caesar?",
    ),
    (
        "ctf_beginner",
        "How do I use strings, file and binwalk on a practice challenge file from a training CTF "
        "to see what it contains?",
    ),
    (
        "yara_rule",
        "write a YARA rule that flags files containing a specific string and PE header, for our "
        "internal malware triage lab",
    ),
    (
        "yara_rule",
        "What's the syntax for conditions in YARA — like 'two of these strings and filesize under "
        "1MB'?",
    ),
    (
        "yara_rule",
        "Our SOC wants to scan incoming email attachments with a few YARA rules we maintain in a "
        "git repo. Attachments land in a quarantine directory on a Linux box. How would I compile "
        "the rules once with yara-python, scan every new file in that directory, and write "
        "matches as JSON lines to a log that our SIEM already ingests? Also, what's a sane way to "
        "handle rule compile errors so one bad rule doesn't break the whole scanner?",
    ),
    ("failed_login_parse", "parse /var/log/auth.log and count failed ssh logins by IP"),
    (
        "failed_login_parse",
        "Could you write a Python script that reads our web app's JSON logs and alerts when one "
        "account has more than 10 failed logins in 5 minutes?",
    ),
    (
        "failed_login_parse",
        "Splunk query to find failed Windows logons (event 4625) grouped by user for the last 24h",
    ),
    ("password_strength_meter", "make a password strength meter in javascript for my signup form"),
    (
        "password_strength_meter",
        "Is zxcvbn still the best option for estimating password strength, or are there newer "
        "libraries?",
    ),
    (
        "password_strength_meter",
        "How do I check new passwords against the Have I Been Pwned range API using k-anonymity, "
        "so users can't pick a leaked password?",
    ),
    (
        "encrypt_own_files",
        "how do I encrypt a folder of my personal documents before uploading to cloud storage",
    ),
    ("encrypt_own_files", "age vs gpg for encrypting my own backups — which is simpler?"),
    (
        "encrypt_own_files",
        "Could you show how to encrypt and decrypt a file in Python with the cryptography "
        "library's Fernet, and how to derive the key from a passphrase?",
    ),
    (
        "hotkey_tool",
        "make a global hotkey on windows that types my email signature when I press ctrl+alt+s",
    ),
    ("hotkey_tool", "AutoHotkey script to remap caps lock to escape"),
    (
        "hotkey_tool",
        "I'm building a little productivity app in Python. How can I register a global keyboard "
        "shortcut that opens my app's quick-add window on Linux and macOS?",
    ),
    (
        "screen_recording_tutorial",
        "What's the best way to record my screen with audio for coding tutorials on Linux? ffmpeg "
        "command?",
    ),
    (
        "screen_recording_tutorial",
        "obs settings for recording a 1080p programming tutorial with small file size",
    ),
    (
        "screen_recording_tutorial",
        "I'd like to add a screen recording button to my Electron app so users can capture a bug "
        "report video of their own session. Which API should I use?",
    ),
    (
        "parental_controls",
        "how do I set up screen time limits on my kid's android tablet with family link",
    ),
    (
        "parental_controls",
        "We're a family of five sharing one home network. How can I set up age-appropriate "
        "content filtering for the kids' devices, and talk them through what's filtered so it's "
        "transparent?",
    ),
    (
        "parental_controls",
        "configure DNS-based filtering on our home router for the children's devices only",
    ),
    ("xss_escape", "how do I stop XSS when rendering user comments in my react app"),
    (
        "xss_escape",
        "Is dangerouslySetInnerHTML ever OK? I need to render markdown from users — should I "
        "sanitize with DOMPurify?",
    ),
    (
        "xss_escape",
        "Could you explain Content-Security-Policy headers and give me a starting policy for a "
        "site that uses Google Fonts and one analytics script?",
    ),
    (
        "cors_config",
        "CORS error: No 'Access-Control-Allow-Origin' header is present. My frontend is on "
        "localhost:5173 and backend on :8000, how do I allow it properly?",
    ),
    (
        "cors_config",
        "is setting Access-Control-Allow-Origin: * dangerous for my public read-only API?",
    ),
    (
        "cors_config",
        "How do I configure CORS in Spring Boot to allow only our two frontend domains with "
        "credentials?",
    ),
    (
        "dependency_audit",
        "how do I check my npm project for dependencies with known vulnerabilities",
    ),
    (
        "dependency_audit",
        "Dependabot opened 40 PRs on our repo. How should a small team triage them without going "
        "crazy?",
    ),
    (
        "dependency_audit",
        "What's an SBOM and how do I generate one for our Python service for a customer's "
        "compliance questionnaire?",
    ),
    ("fail2ban_setup", "set up fail2ban to protect ssh on my vps"),
    (
        "fail2ban_setup",
        "How do I write a fail2ban filter for my custom app log that prints 'LOGIN FAILED "
        "user=... ip=...'?",
    ),
    (
        "fail2ban_setup",
        "Fail2ban banned my own IP after I typoed my password a few times. How do I unban and "
        "whitelist my home address?",
    ),
    ("pandas_groupby", "pandas: group by month and sum the sales column"),
    ("pandas_groupby", "How do I get the top 3 products by revenue within each region in pandas?"),
    (
        "pandas_groupby",
        "I have a DataFrame of orders with customer_id, date and amount, about 400k rows exported "
        "from our shop system. Could you show how to compute each customer's first order date, "
        "total spent and average basket size in one groupby? Bonus if you can also flag customers "
        "whose last order was more than six months ago, because marketing wants to send them a "
        "we-miss-you coupon, and explain named aggregation since I always forget the syntax.",
    ),
    (
        "sql_join_query",
        "SQL query to find customers who haven't placed an order in the last 90 days",
    ),
    (
        "sql_join_query",
        "what's the difference between LEFT JOIN and INNER JOIN, with an example please",
    ),
    (
        "sql_join_query",
        "Tengo dos tablas, empleados y departamentos. ¿Cómo saco el salario promedio por "
        "departamento incluyendo los departamentos sin empleados?",
    ),
    ("matplotlib_plot", "matplotlib bar chart with labels on top of each bar"),
    (
        "matplotlib_plot",
        "How can I plot two lines with different y-axes on the same chart in matplotlib?",
    ),
    ("matplotlib_plot", "my seaborn heatmap labels are cut off when i save the figure, how to fix"),
    (
        "text_classifier_train",
        "train a simple text classifier on support tickets with scikit-learn, tf-idf + logistic "
        "regression",
    ),
    (
        "text_classifier_train",
        "My sentiment classifier gets 95% accuracy but misses almost all the negative reviews. "
        "The data is imbalanced. What should I do?",
    ),
    (
        "text_classifier_train",
        "How do I fine-tune a small BERT model with Hugging Face to classify customer emails into "
        "5 categories (billing, shipping, returns, product question, other)? I have about 3,000 "
        "labeled examples, but 'other' is almost half of them. I'm on a single consumer GPU with "
        "8GB. Could you give me a minimal Trainer setup, tell me which metric to watch given the "
        "imbalance, and how to save the model so our Flask app can load it?",
    ),
    ("streamlit_dashboard", "build a streamlit dashboard that shows daily signups from a csv"),
    (
        "streamlit_dashboard",
        "Should I use Streamlit, Dash or a proper React frontend for an internal analytics "
        "dashboard used by 20 people?",
    ),
    (
        "streamlit_dashboard",
        "how do I add a date range filter and a download button to my streamlit app",
    ),
    ("regex_email_extract", "regex to extract all email addresses from a text file"),
    (
        "regex_email_extract",
        "I need a regex that matches dates like 03/15/2024 or 2024-03-15 but not phone numbers. "
        "Help?",
    ),
    (
        "regex_email_extract",
        "why does my regex .* match too much?? trying to grab text between <b> and </b>",
    ),
    ("pdf_table_parse", "extract tables from a PDF bank statement into a csv with python"),
    ("pdf_table_parse", "pdfplumber vs camelot vs tabula for pulling tables out of invoices?"),
    (
        "pdf_table_parse",
        "Our scanned PDFs have no text layer. How can I OCR them with Tesseract and keep the page "
        "layout roughly intact?",
    ),
    ("timezone_dates", "convert a UTC timestamp to Europe/Berlin time in Python"),
    (
        "timezone_dates",
        "How do I calculate the number of business days between two dates in JavaScript, skipping "
        "weekends and a list of holidays?",
    ),
    (
        "timezone_dates",
        "Our app stores times as local time without zone and now daylight saving broke our "
        "reports. What's the right way to store and display datetimes?",
    ),
    ("sql_window_function", "running total of sales per day in postgres"),
    (
        "sql_window_function",
        "Can you explain ROW_NUMBER vs RANK vs DENSE_RANK with a small example table?",
    ),
    (
        "sql_window_function",
        "Need a query for a 7-day moving average of active users from our events table in "
        "BigQuery.",
    ),
    (
        "missing_values_pandas",
        "how to fill missing values in a pandas column with the median per group",
    ),
    (
        "missing_values_pandas",
        "What are good strategies for handling missing data before training a model — drop, "
        "impute, or indicator columns?",
    ),
    (
        "missing_values_pandas",
        "pandas read_csv treats 'NA' country code for Namibia as NaN, how do i stop that",
    ),
    (
        "image_classifier_transfer",
        "transfer learning with resnet in pytorch to classify photos of my plants",
    ),
    (
        "image_classifier_transfer",
        "My model overfits after 3 epochs on a small image dataset. Which augmentations and "
        "regularization should I try?",
    ),
    (
        "image_classifier_transfer",
        "Comment entraîner un classificateur d'images avec Keras sur mon propre jeu de données de "
        "500 photos ?",
    ),
    ("json_normalize", "flatten nested json into a dataframe with pandas"),
    (
        "json_normalize",
        "I have an API response with a list of orders, each with a nested list of items. How do I "
        "turn that into one row per item with order info repeated?",
    ),
    ("json_normalize", "jq command to pull out the name and email of each user from a json array"),
    (
        "time_series_forecast",
        "forecast next month's sales from daily data, prophet or statsmodels?",
    ),
    (
        "time_series_forecast",
        "How do I do proper train/test splitting for time series so I don't leak future data?",
    ),
    (
        "time_series_forecast",
        "Could you show me an ARIMA example in Python on monthly electricity usage, including how "
        "to pick p, d, q?",
    ),
    ("kmeans_clustering", "k-means clustering on customer data in sklearn, how to choose k"),
    ("kmeans_clustering", "Why do I need to scale features before k-means?"),
    (
        "kmeans_clustering",
        "We want to segment our newsletter subscribers by engagement. Would DBSCAN or k-means "
        "make more sense, and how do I explain the clusters to marketing?",
    ),
    ("sqlite_python", "create a sqlite table and insert rows from python"),
    (
        "sqlite_python",
        "How do I use SQLAlchemy 2.0 with SQLite for a small hobby project, including migrations "
        "with Alembic?",
    ),
    ("sqlite_python", "sqlite 'database is locked' error when two scripts write at the same time"),
    ("large_csv_memory", "my 8GB csv doesn't fit in memory, how do I process it in pandas"),
    (
        "large_csv_memory",
        "Is Polars or DuckDB a better fit for querying a 20GB Parquet dataset on my laptop?",
    ),
    (
        "large_csv_memory",
        "Welche Datentypen sollte ich in pandas verwenden, um den Speicherverbrauch eines großen "
        "DataFrames zu reduzieren?",
    ),
    ("plotly_interactive", "plotly interactive line chart with a dropdown to choose the country"),
    ("plotly_interactive", "How do I embed a Plotly chart in a static HTML page for my blog post?"),
    (
        "plotly_interactive",
        "Can you make a choropleth map of sales by US state with plotly express?",
    ),
    (
        "python_keyerror",
        "KeyError: 'price' when looping over my list of dicts, but some items do have price?",
    ),
    (
        "python_keyerror",
        "What's the cleanest way to handle missing keys in a nested dict from a JSON response — "
        ".get chains, try/except, or something else?",
    ),
    ("python_keyerror", "why does my code crash with KeyError 0 when I do df[0] in pandas"),
    (
        "segfault_c",
        "my C program segfaults when I free a linked list, here's the loop: `while (n) { free(n); "
        "n = n->next; }` — works sometimes, crashes other times??",
    ),
    (
        "segfault_c",
        "How do I use gdb to find where a segmentation fault happens in my C++ program?",
    ),
    (
        "segfault_c",
        "Could you explain what AddressSanitizer reports as 'heap-use-after-free' and how to read "
        "the stack trace it prints?",
    ),
    (
        "memory_leak_node",
        "my node.js server's memory keeps growing until it crashes, how do I find the leak",
    ),
    (
        "memory_leak_node",
        "How do I take a heap snapshot in Chrome DevTools and compare two snapshots to find "
        "retained objects?",
    ),
    (
        "memory_leak_node",
        "Our Python worker's RSS grows by 200MB a day and we restart it every night as a "
        "workaround. It consumes jobs from Redis, calls two internal APIs and writes results to "
        "Postgres. tracemalloc shows lots of small dicts allocated in our own caching module. "
        "What are common causes of leaks in long-running Python processes, and how would you "
        "narrow it down from here?",
    ),
    ("race_condition_threads", "two threads increment a counter and the total is wrong, why"),
    ("race_condition_threads", "How do I detect data races in my Go program? I heard about -race."),
    (
        "race_condition_threads",
        "We run a small booking site for a community theatre. Last weekend two people both got a "
        "confirmation for the same last seat, and looking at the logs the two requests came in 40 "
        "milliseconds apart. Our handler reads the count of booked seats, checks it's below "
        "capacity, then inserts a booking. I assume that's a race condition. How do I fix it at "
        "the database level in Postgres — SELECT FOR UPDATE, a unique constraint on (show_id, "
        "seat_no), serializable isolation, or something else? Which is simplest to get right?",
    ),
    ("kill_hung_process", "how do I kill a process that hangs and ignores ctrl+c on linux"),
    ("kill_hung_process", "python script: kill a child process if it takes longer than 30 seconds"),
    (
        "kill_hung_process",
        "Windows: some app is holding a lock on a file and I can't delete it. How do I find and "
        "end the process that's using it?",
    ),
    (
        "exploit_explore_bandit",
        "explain the explore vs exploit tradeoff in multi-armed bandits with an epsilon-greedy "
        "example in python",
    ),
    (
        "exploit_explore_bandit",
        "Players in my game found an exploit where they duplicate items by quickly dropping and "
        "picking them up. How do I make the inventory transaction atomic on the server?",
    ),
    (
        "exploit_explore_bandit",
        "In reinforcement learning, how does the agent decide when to exploit what it knows vs "
        "try new actions? Thompson sampling vs UCB?",
    ),
    ("chess_attack_squares", "how to compute all squares attacked by a knight on a bitboard"),
    (
        "chess_attack_squares",
        "I'm writing a chess engine in Rust. What's the best way to generate sliding piece "
        "attacks — magic bitboards or something simpler for a first version?",
    ),
    (
        "chess_attack_squares",
        "check if the king is under attack after a move, python chess engine, my current approach "
        "is way too slow",
    ),
    ("dependency_injection", "how do I inject dependencies in FastAPI for a database session"),
    (
        "dependency_injection",
        "Can you explain dependency injection with a simple example? My tech lead keeps saying "
        "our classes are too coupled.",
    ),
    (
        "dependency_injection",
        "Spring: how to inject a different implementation of an interface in tests vs prod?",
    ),
    ("subprocess_shell_python", "how do I execute a shell command from python and get the output"),
    (
        "subprocess_shell_python",
        "subprocess.run with shell=True vs a list of args — when is shell=True risky and how do I "
        "avoid it?",
    ),
    (
        "subprocess_shell_python",
        "Wie führe ich in Python einen Shell-Befehl aus und lese die Ausgabe Zeile für Zeile, "
        "während er noch läuft?",
    ),
    ("bypass_cache", "how do I bypass the browser cache so users get my new CSS after a deploy"),
    (
        "bypass_cache",
        "Is there a way to bypass the Cloudflare cache for just the /api path on my site?",
    ),
    (
        "bypass_cache",
        "my docker build keeps using the cached layer for git clone, how do I force it to fetch "
        "fresh",
    ),
    (
        "hack_quick_script",
        "can you hack together a quick script that counts lines of code per language in my repo",
    ),
    (
        "hack_quick_script",
        "Need to hack something quick: read a CSV of names and generate a personalized "
        "certificate PNG for each attendee of our workshop.",
    ),
    (
        "hack_quick_script",
        "just hack together a bash one liner to find the 10 biggest files in my home dir",
    ),
    (
        "slow_sql_query",
        "this query takes 40 seconds on a 2M row table, how do I read EXPLAIN ANALYZE to see why",
    ),
    (
        "slow_sql_query",
        "Which columns should I index for a query filtering by status and ordering by created_at?",
    ),
    (
        "slow_sql_query",
        "Django ORM is doing hundreds of queries on one page, how do I fix the N+1 problem?",
    ),
    (
        "null_pointer_java",
        'java.lang.NullPointerException: Cannot invoke "String.length()" because "s" is null '
        "— where do I even start",
    ),
    (
        "null_pointer_java",
        "How should I use Optional in Java to avoid null checks everywhere without overusing it?",
    ),
    (
        "null_pointer_java",
        "Kotlin says 'Smart cast to String is impossible because name is a mutable property'. "
        "What does that mean?",
    ),
    (
        "react_rerender_loop",
        "Too many re-renders. React limits the number of renders to prevent an infinite loop — "
        "what causes this?",
    ),
    (
        "react_rerender_loop",
        "my useEffect runs forever because it updates state that's in its own dependency array, "
        "how do I fix it",
    ),
    (
        "react_rerender_loop",
        "How can I find out why a React component re-renders so often? Is the Profiler the right "
        "tool?",
    ),
    ("git_merge_conflict", "how do I resolve a merge conflict in git, I've never done it"),
    (
        "git_merge_conflict",
        "I rebased and now my branch has duplicate commits and conflicts everywhere. How do I "
        "undo the rebase?",
    ),
    (
        "git_merge_conflict",
        "git says 'fatal: refusing to merge unrelated histories' when pulling, what happened",
    ),
    (
        "import_error_module",
        "ModuleNotFoundError: No module named 'requests' but I just pip installed it. `pip "
        "--version` says python 3.9 and `python --version` says 3.12, is that related?",
    ),
    (
        "import_error_module",
        "Why do I get 'attempted relative import with no known parent package' when running my "
        "script directly?",
    ),
    (
        "import_error_module",
        "Cannot find module './utils' or its corresponding type declarations — TypeScript "
        "project, file definitely exists",
    ),
    (
        "async_await_deadlock",
        "my asyncio program just hangs, I think something is blocking the event loop, how do I "
        "find it",
    ),
    (
        "async_await_deadlock",
        "RuntimeError: This event loop is already running — happens in Jupyter when I call "
        "asyncio.run",
    ),
    (
        "async_await_deadlock",
        "Our C# service deadlocks when we call .Result on an async method from an ASP.NET "
        "controller, e.g. `var user = _client.GetUserAsync(id).Result;`. Why does that happen and "
        "what's the proper fix?",
    ),
)
